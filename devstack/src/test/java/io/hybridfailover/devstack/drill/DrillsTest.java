package io.hybridfailover.devstack.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.devstack.drill.Action.PartitionDecider;
import io.hybridfailover.devstack.drill.Action.SetDesktop;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrillsTest {

  @Test
  void theSixDrillsOfTheIssueAreThereByName() {
    assertTrue(
        Drills.all().stream()
            .map(Drill::name)
            .toList()
            .containsAll(
                List.of(
                    "outage",
                    "blackhole",
                    "flap",
                    "prober-loss",
                    "split-view",
                    "cold-standby",
                    "operator")));
  }

  @Test
  void theFaultDrillsAreThereByNameEachAnOutageWithOneMoreFault() {
    for (String name :
        List.of(
            "poison",
            "decider-crash",
            "actuator-crash",
            "api-errors",
            "clock-skew",
            "broker-restart",
            "broker-loss")) {
      Drill drill = Drills.byName(name).orElseThrow(() -> new AssertionError(name));
      assertTrue(drill.returnsHome(), name);
      assertTrue(drill.expectations().contains(Expectation.FAILS_OVER_AND_BACK_ONCE), name);
      assertTrue(
          drill.steps().stream()
              .anyMatch(
                  s ->
                      s.at().isZero()
                          && s.action() instanceof SetDesktop d
                          && d.behaviour() == Behaviour.REFUSED),
          name + ": the outage begins at 0");
    }
    assertEquals(2, Drills.byName("decider-crash").orElseThrow().shape().deciders());
    assertTrue(Drills.byName("clock-skew").orElseThrow().shape().needsFaketime());
    assertTrue(Drills.byName("broker-restart").orElseThrow().shape().durableBroker());
  }

  @Test
  void deciderLoadStrainsTwoDecidersUnderAFleetAndAllowsNoLostSession() {
    Drill drill = Drills.byName("decider-load").orElseThrow();

    assertEquals(2, drill.shape().deciders());
    assertEquals(FaultDrills.LOADED_FLEET, drill.shape().services());
    assertTrue(drill.expectations().contains(Expectation.NO_FALSE_TAKEOVER));
    assertTrue(
        drill.steps().stream()
            .anyMatch(
                s -> s.at().isZero() && s.action() instanceof Action.StrainDeciders on && on.on()),
        "strained from the start");
    assertTrue(
        Drills.byName("decider-crash")
            .orElseThrow()
            .expectations()
            .contains(Expectation.NO_FALSE_TAKEOVER),
        "the survivor keeps its session");
  }

  @Test
  void aLongerProbeIntervalLengthensStalenessAndTheBound_theTimeoutStays() {
    DrillSettings slow =
        DrillSettings.defaults().withProbeInterval(java.time.Duration.ofSeconds(1));

    assertEquals(java.time.Duration.ofSeconds(1), slow.probeInterval());
    assertEquals(java.time.Duration.ofMillis(200), slow.probeTimeout());
    assertEquals(java.time.Duration.ofSeconds(3), slow.staleAfter());
    assertEquals(java.time.Duration.ofMillis(4_200), slow.failoverBound());
    DrillSettings fast =
        DrillSettings.defaults().withProbeInterval(java.time.Duration.ofMillis(100));
    assertEquals(java.time.Duration.ofMillis(80), fast.probeTimeout(), "shorter than the interval");
    assertEquals(java.time.Duration.ofSeconds(2), fast.staleAfter(), "never below the default");
  }

  @Test
  void theFleetDrillsRunAHundredServicesUnlessToldOtherwiseAndOneHoldsUpOneService() {
    Drill outage = Drills.byName("fleet-outage").orElseThrow();
    Drill stuck = Drills.byName("fleet-stuck-write").orElseThrow();

    assertEquals(100, outage.shape().services());
    assertEquals(100, stuck.shape().services());
    assertEquals(20, stuck.withServices(20).shape().services());
    assertEquals(1, Drills.byName("outage").orElseThrow().shape().services());
    assertTrue(stuck.shape().apiFaults(), "the stuck writes go through the API proxy");
    assertTrue(
        stuck.steps().stream()
            .anyMatch(
                s ->
                    s.at().isZero()
                        && s.action() instanceof Action.StuckWrites w
                        && w.duration().equals(Duration.ofSeconds(30))),
        "held up for the whole 30 s outage");
    assertTrue(
        stuck
            .expectations()
            .contains(Expectation.STUCK_SERVICE_FAILS_WITH_THE_REASON_AND_IS_RETRIED));
    assertTrue(outage.expectations().contains(Expectation.EVERY_SERVICE_FAILS_OVER_AND_BACK_ONCE));
  }

  @Test
  void brokerLossRunsThreeBrokersByItselfAndKillsOneForGood() {
    Drill loss = Drills.byName("broker-loss").orElseThrow();
    assertEquals(3, loss.shape().brokers());
    assertTrue(
        loss.steps().stream()
            .anyMatch(s -> s.action() instanceof Action.KillCommandsLeaderAfterFailoverCommand));
    assertTrue(loss.expectations().contains(Expectation.NO_FALSE_FAILOVER));
    assertTrue(loss.expectations().contains(Expectation.RECOVERS_FROM_THE_CRASH));
    assertTrue(
        loss.steps().stream().noneMatch(s -> s.action() instanceof Action.ProcessRestarted),
        "the broker stays down");
  }

  @Test
  void actuatorCrashKillsOneOfTwoSwitchers_theOthersRunOne() {
    Drill crash = Drills.byName("actuator-crash").orElseThrow();
    assertEquals(2, crash.shape().switchers());
    assertTrue(crash.shape().apiFaults(), "the killed one writes through the API proxy");
    assertTrue(
        crash.steps().stream().anyMatch(s -> s.action() instanceof Action.KillSwitcherBeforeWrite));
    assertTrue(crash.expectations().contains(Expectation.NO_FALSE_FAILOVER));
    assertTrue(crash.expectations().contains(Expectation.RECOVERS_FROM_THE_CRASH));
    for (Drill drill : Drills.all()) {
      if (!drill.name().equals("actuator-crash")) {
        assertEquals(1, drill.shape().switchers(), drill.name());
      }
    }
  }

  @Test
  void moreBrokersOnRequestExceptBehindTheDecidersProxy() {
    assertEquals(1, Drills.byName("outage").orElseThrow().shape().brokers(), "default: one");
    assertEquals(3, Drills.byName("outage").orElseThrow().shape().withBrokers(3).brokers());
    assertEquals(
        3,
        Drills.byName("broker-loss").orElseThrow().shape().withBrokers(1).brokers(),
        "never less");
    assertEquals(1, Drills.byName("partition").orElseThrow().shape().withBrokers(3).brokers());
  }

  @Test
  void thePartitionDrillCutsTheDeciderBeforeTheOutageAndTimesTheFiguresFromTheOutage() {
    Drill partition = Drills.byName("partition").orElseThrow();
    assertTrue(partition.shape().deciderViaProxy());
    assertTrue(partition.shape().durableBroker(), "the second listener needs the durable broker");
    assertEquals(new Step(Duration.ZERO, new PartitionDecider(true)), partition.steps().get(0));
    assertEquals(
        new Step(Duration.ofSeconds(15), new PartitionDecider(false)), partition.steps().get(1));
    assertEquals(Duration.ofSeconds(20), partition.outageAt());
    assertTrue(partition.expectations().contains(Expectation.NO_FALSE_FAILOVER));
    assertTrue(partition.expectations().contains(Expectation.FAILS_OVER_AND_BACK_ONCE));
    assertEquals(Duration.ZERO, Drills.byName("outage").orElseThrow().outageAt());
    assertEquals(Duration.ZERO, Drills.byName("prober-loss").orElseThrow().outageAt());
  }

  @Test
  void everyDrillChecksThatNothingIsLostOrWrittenBackInTime() {
    for (Drill drill : Drills.all()) {
      assertTrue(drill.expectations().contains(Expectation.NO_LOST_COMMANDS), drill.name());
      assertTrue(drill.expectations().contains(Expectation.NO_STALE_WRITES), drill.name());
      assertTrue(
          drill.expectations().contains(Expectation.NO_VALID_RECORD_DEAD_LETTERED), drill.name());
    }
  }

  @Test
  void theFaithfulDrillsCarryTheirOwnWorld_theOthersTheUsualOne() {
    assertEquals("/world/seed-sample.yaml", Drills.byName("sample").orElseThrow().variant().seed());
    assertTrue(Drills.byName("route-ignored").orElseThrow().variant().reportsMesh());
    assertTrue(Drills.byName("karmada-signal").orElseThrow().variant().karmadaSignal());
    assertEquals(WorldVariant.USUAL, Drills.byName("outage").orElseThrow().variant());
  }

  @Test
  void everyDrillChecksItsEpochs() {
    for (Drill drill : Drills.all()) {
      assertTrue(drill.expectations().contains(Expectation.EPOCHS_STRICTLY_INCREASE), drill.name());
    }
  }

  @Test
  void theFlapAlternatesEveryTwoSecondsForAMinuteThenStaysUp() {
    Drill flap = Drills.byName("flap").orElseThrow();
    List<Step> steps = flap.steps();
    assertEquals(30, steps.size());
    for (int i = 0; i < steps.size(); i++) {
      assertEquals(Duration.ofSeconds(2L * i), steps.get(i).at());
      Behaviour expected = i % 2 == 0 ? Behaviour.REFUSED : Behaviour.UP;
      assertEquals(new SetDesktop(expected), steps.get(i).action());
    }
    assertTrue(flap.lastStep().compareTo(Duration.ofSeconds(60)) < 0);
  }

  @Test
  void theDrillSettingsAreTheShortOnesOfTheIssue() {
    DrillSettings settings = DrillSettings.defaults();
    assertEquals(Duration.ofMillis(250), settings.probeInterval());
    assertEquals(3, settings.fall());
    assertEquals(3, settings.rise());
    assertEquals(Duration.ofSeconds(10), settings.failbackDelay());
    assertEquals(2, settings.quorum());
    assertEquals(Duration.ofMillis(1_950), settings.failoverBound());
    assertEquals("10000ms", settings.deciderProperties().get("hybrid.decider.failback-delay"));
  }
}
