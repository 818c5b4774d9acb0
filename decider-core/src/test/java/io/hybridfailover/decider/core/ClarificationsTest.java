package io.hybridfailover.decider.core;

import static io.hybridfailover.events.Cluster.DESKTOP;
import static io.hybridfailover.events.Cluster.GKE;
import static io.hybridfailover.events.Outcome.DOWN;
import static io.hybridfailover.events.Outcome.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Check;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Transition;
import io.hybridfailover.events.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules that refine the modes and verdicts, one test or a few each, named by number as the
 * rules were first written ({@code docs/decision-rules.md}): 1 {@code #rule-failing-over} (a
 * desktop back while failing over); 2 {@code #rule-clocks} and {@code #rule-delayed}; 3 {@code
 * #rule-unusable-input} and {@code #rule-results}; 4 {@code #rule-override-once}; 5 {@code
 * #rule-checks} and {@code #rule-karmada-cluster}. The replay's clock outliers ({@code
 * #rule-replay-outliers}) belong to the replay tool and are tested there.
 */
class ClarificationsTest {

  private static final Duration HOUR = Duration.ofHours(1);

  // 1. FAILING_OVER and a desktop that comes back.

  @Test
  void clarification1_failingOver_gkeUpWhileTheDesktopIsUpAgain_trafficStaysAndTheDelayLeadsHome() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, DOWN);
    s.rounds(3, DOWN, DOWN);
    assertEquals(Mode.FAILING_OVER, s.mode());
    s.rounds(3, UP, DOWN);
    Instant desktopUpSince = s.state.desktop().since();
    assertEquals(Verdict.UP, s.verdict(DESKTOP));

    Command home = s.roundsUntilCommand(HOUR, UP, UP);

    assertEquals(Verdict.UP, s.verdict(GKE));
    assertEquals(Mode.PRIMARY, home.mode());
    assertEquals(Placement.PRIMARY, home.placement());
    assertEquals(desktopUpSince.plusSeconds(120), home.issuedAt(), "damped delay from desktop UP");
    assertTrue(
        s.commands.stream().allMatch(c -> c.routing().equals(Routing.allDesktop())),
        "traffic never moved away from the UP desktop: " + s.commands);
  }

  @Test
  void clarification1_failingOver_gkeUpWhileTheDesktopIsNotUp_trafficGoesToGke() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, DOWN);
    s.rounds(3, DOWN, DOWN);

    s.rounds(3, DOWN, UP);

    assertEquals(Mode.FAILED_OVER, s.lastCommand().mode());
    assertEquals(Routing.allGke(), s.lastCommand().routing());
  }

  // 2. Clocks.

  @Test
  void clarification2_maxClockSkew_defaultsTo2sAndIsValidatedLikeTheOtherSettings() {
    assertEquals(Duration.ofSeconds(2), DeciderSettings.defaults().maxClockSkew());
    InvalidSettingException e =
        assertThrows(
            InvalidSettingException.class, () -> Scenario.settings(1, "max-clock-skew", "soon"));
    assertTrue(e.getMessage().startsWith("hybrid.decider.max-clock-skew must be a duration"));
  }

  @Test
  void clarification2_observationFromTheFuture_isNotUsedAndRaisesOneClockSkewTransitionPerProber() {
    Scenario s = Scenario.oneProber();
    s.rounds(3, UP, UP);
    ProberTrack before = s.state.desktop().probers().get("prober-a");

    Decision first = s.observeAt("prober-a", DESKTOP, DOWN, s.now.plus(HOUR));
    Decision again = s.observeAt("prober-a", DESKTOP, DOWN, s.now.plus(HOUR).plusSeconds(1));
    Decision otherTarget = s.observeAt("prober-a", GKE, DOWN, s.now.plus(HOUR));

    assertEquals(1, first.transitions().size());
    Transition skew = first.transitions().get(0);
    assertEquals(
        "clock-skew: prober-a's observation is 1h ahead of the decider's clock (max-clock-skew"
            + " 2s): its observations are not used until its clock is back within bounds",
        skew.reason());
    assertEquals(DESKTOP, skew.cluster());
    assertEquals(Verdict.UP, skew.from());
    assertEquals(Verdict.UP, skew.to());
    assertEquals(List.of(), again.transitions(), "once per prober");
    assertEquals(List.of(), otherTarget.transitions(), "once per prober, not per target");
    assertEquals(before, s.state.desktop().probers().get("prober-a"), "newest-seen mark kept");
    assertEquals(Verdict.UP, s.verdict(DESKTOP));
    assertEquals(List.of(), s.commands);

    // Correct observations still count at once; and once the clock is back, skew is told again.
    s.rounds(3, DOWN, UP);
    assertEquals(Mode.FAILED_OVER, s.mode());
    s.observeAt("prober-a", DESKTOP, DOWN, s.now.plus(HOUR));
    assertEquals(2, reasons(s, Decider.CLOCK_SKEW).size());
  }

  @Test
  void clarification2_streamThatArrivesStale_isReportedOnceAsDelayedAndCountsForNothing() {
    Scenario s = Scenario.oneProber();
    for (int second = 0; second < 20; second++) {
      s.observeAt("prober-a", DESKTOP, DOWN, s.now.minusSeconds(10));
      s.observeAt("prober-a", GKE, UP, s.now.minusSeconds(10));
      s.advance(Duration.ofSeconds(1));
    }

    List<Transition> delayed = reasons(s, Decider.DELAYED);
    assertEquals(1, delayed.size(), "once for the whole stale spell");
    assertEquals(Scenario.T0.plusSeconds(6), delayed.get(0).at(), "after stale-after (5s)");
    assertTrue(delayed.get(0).reason().contains("prober-a"), delayed.get(0).reason());
    assertEquals(Verdict.UNKNOWN, s.verdict(DESKTOP));
    assertEquals(List.of(), s.commands);

    // A fresh observation ends the spell; a new spell is reported again.
    s.observe("prober-a", DESKTOP, DOWN);
    for (int second = 0; second < 7; second++) {
      s.advance(Duration.ofSeconds(1));
      s.observeAt("prober-a", DESKTOP, DOWN, s.now.minusSeconds(30));
    }
    assertEquals(2, reasons(s, Decider.DELAYED).size());
  }

  @Test
  void clarification2_oneOfThreeProbersAnHourAhead_neitherDelaysNorCausesAFailover() {
    Instant inTime = failoverWithProberC(Duration.ZERO, DOWN);
    Instant cAhead = failoverWithProberC(HOUR, DOWN);
    Instant cAheadSayingUp = failoverWithProberC(HOUR, UP);

    assertEquals(inTime, cAhead);
    assertEquals(inTime, cAheadSayingUp);

    // Prober c alone, an hour ahead, saying DOWN: no failover.
    Scenario s = Scenario.threeProbers();
    for (int round = 0; round < 30; round++) {
      for (String prober : List.of("prober-a", "prober-b")) {
        s.observe(prober, DESKTOP, UP);
        s.observe(prober, GKE, UP);
      }
      s.observeAt("prober-c", DESKTOP, DOWN, s.now.plus(HOUR));
      s.advance(Duration.ofSeconds(1));
    }
    assertEquals(List.of(), s.commands);
  }

  /** When the desktop outage fails over, with prober c's clock {@code cAhead} ahead. */
  private static Instant failoverWithProberC(Duration cAhead, Outcome cSaysOfDesktop) {
    Scenario s = Scenario.threeProbers();
    for (int round = 0; round < 30 && s.commands.isEmpty(); round++) {
      Outcome desktop = round < 3 ? UP : DOWN;
      for (String prober : List.of("prober-a", "prober-b")) {
        s.observe(prober, DESKTOP, desktop);
        s.observe(prober, GKE, UP);
      }
      Instant cTime = s.now.plus(cAhead);
      s.observeAt("prober-c", DESKTOP, round < 3 ? UP : cSaysOfDesktop, cTime);
      s.observeAt("prober-c", GKE, UP, cTime);
      s.advance(Duration.ofSeconds(1));
    }
    assertEquals(Mode.FAILED_OVER, s.lastCommand().mode());
    return s.lastCommand().issuedAt();
  }

  @Test
  void clarification2_oneProber_aSingleObservationFarAhead_delaysAFailoverByAtMostMaxClockSkew() {
    Instant control = failoverOfOneProber(null);
    Duration maxClockSkew = DeciderSettings.defaults().maxClockSkew();
    for (Duration ahead :
        List.of(HOUR, Duration.ofDays(365 * 3), maxClockSkew.plusMillis(1), Duration.ofHours(-1))) {
      for (Outcome outcome : Outcome.values()) {
        Instant skewed = failoverOfOneProber(new Object[] {ahead, outcome});
        Duration delay = Duration.between(control, skewed);
        assertTrue(
            delay.compareTo(maxClockSkew) <= 0,
            "an observation " + ahead + " ahead saying " + outcome + " delayed it by " + delay);
      }
    }
  }

  /** One prober: the desktop goes DOWN at 3s; {@code skewed}: {ahead, outcome} sent at 3s. */
  private static Instant failoverOfOneProber(Object[] skewed) {
    Scenario s = Scenario.oneProber();
    for (int round = 0; round < 60 && s.commands.isEmpty(); round++) {
      if (round == 3 && skewed != null) {
        s.observeAt("prober-a", DESKTOP, (Outcome) skewed[1], s.now.plus((Duration) skewed[0]));
      }
      s.round(round < 3 ? UP : DOWN, UP);
    }
    assertEquals(Mode.FAILED_OVER, s.lastCommand().mode());
    return s.lastCommand().issuedAt();
  }

  // 3. No input can stop the decider; result epochs.

  @Test
  void clarification3_anEpochThatWouldOverflow_isRefusedAsUnusableAndChangesNothing() {
    Scenario s = Scenario.threeProbers().failedOver();
    ServiceState before = s.state;
    List<ActuationResult> hostile =
        List.of(
            result(Decider.commandId(Scenario.SERVICE, Long.MAX_VALUE), Long.MAX_VALUE, null),
            result(Decider.commandId(Scenario.SERVICE, 1), 1, Long.MAX_VALUE),
            result(Decider.commandId(Scenario.SERVICE, 1), 1, Decider.EPOCH_LIMIT),
            result("not-ours", Decider.EPOCH_LIMIT, null));
    for (ActuationResult result : hostile) {
      UnusableInputException e =
          assertThrows(
              UnusableInputException.class,
              () -> s.decider.onResult(before, Event.of("/traffic-switcher", result), s.now));
      assertTrue(e.getMessage().contains("epoch limit"), e.getMessage());
    }
    // The next failover still has the next epoch.
    s.rounds(3, UP, DOWN);
    assertEquals(2, s.lastCommand().epoch());
  }

  @Test
  void clarification3_aResultThatAnswersNothingOfOurs_changesNothing() {
    Scenario s = Scenario.threeProbers().failedOver();
    ServiceState before = s.state;

    Decision stray = s.result(41, ActuationOutcome.STALE, 41L); // epoch 41 was never issued
    Decision foreign = s.result("someone-elses", 1, ActuationOutcome.STALE, 41L);
    s.rounds(3, UP, DOWN);

    assertSame(before, stray.serviceState());
    assertSame(before, foreign.serviceState());
    assertEquals(List.of(1L, 2L), s.commands.stream().map(Command::epoch).toList());
  }

  @Test
  void clarification3_aStaleAnswerToTheLatestCommand_reissuesItAtOnceAboveTheResourceEpoch() {
    Scenario s = Scenario.threeProbers().failedOver();
    ServiceState before = s.state;
    s.advance(Duration.ofSeconds(3));

    Decision refused = s.result(1, ActuationOutcome.STALE, 41L);

    assertEquals(1, refused.commands().size());
    Command reissued = refused.commands().get(0);
    assertEquals(42, reissued.epoch());
    assertEquals(Mode.FAILED_OVER, reissued.mode());
    assertEquals(Routing.allGke(), reissued.routing());
    assertEquals(Placement.GKE, reissued.placement());
    assertEquals(s.now, reissued.issuedAt());
    assertEquals(42, refused.state().orElseThrow().epoch());
    // Not a new failover for damping, and the mode's timers go on.
    assertEquals(before.failoverStarts(), s.state.failoverStarts());
    assertEquals(before.modeSince(), s.state.modeSince());

    s.rounds(3, UP, DOWN);
    assertEquals(43, s.lastCommand().epoch());
  }

  @Test
  void clarification3_aStaleAnswerToAnOlderCommand_liftsTheEpochWithoutReissuing() {
    Scenario s = Scenario.threeProbers().failedOver();
    s.rounds(3, UP, DOWN); // failback at once: epoch 2

    Decision older = s.result(1, ActuationOutcome.STALE, 5L);
    Decision below = s.result(2, ActuationOutcome.STALE, 1L);
    Decision withoutResourceEpoch = s.result(2, ActuationOutcome.STALE, null);

    assertEquals(List.of(), older.commands());
    assertEquals(5, s.state.epoch());
    assertEquals(List.of(), below.commands());
    assertEquals(List.of(), withoutResourceEpoch.commands());
    assertEquals(5, s.state.epoch());
    s.rounds(3, DOWN, UP);
    assertEquals(6, s.lastCommand().epoch());
  }

  // 4. Duplicates.

  @Test
  void clarification4_anOverrideIsAppliedOncePerEventId() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, UP);
    Event<OperatorOverride> force = s.overrideEvent(Scenario.SERVICE, OverrideAction.FORCE_GKE);

    s.apply(s.decider.onOverride(s.state, force, s.now));
    ServiceState afterFirst = s.state;
    Decision redelivered = s.apply(s.decider.onOverride(s.state, force, s.now));

    assertSame(afterFirst, redelivered.serviceState());
    assertEquals(List.of(), redelivered.commands());
    assertEquals(1, s.commands.size());
    // Another override (another id) with the same content is applied again.
    s.override(OverrideAction.FORCE_GKE);
    assertEquals(2, s.commands.size());
  }

  @Test
  void clarification4_aRedeliveredOverrideForAllServicesChangesNothing() {
    InMemoryStore store = new InMemoryStore();
    Fleet fleet = fleetOfTwoServices(store);
    Instant now = Scenario.T0;
    Event<OperatorOverride> force =
        Event.of(
            "ovr-all",
            "/cli/alice",
            new OperatorOverride("*", OverrideAction.FORCE_GKE, "drill", "alice", now));

    List<Decision> first = fleet.onEvent(force, now);
    List<Decision> again = fleet.onEvent(force, now);

    assertEquals(2, first.stream().mapToInt(d -> d.commands().size()).sum());
    assertEquals(0, again.stream().mapToInt(d -> d.commands().size()).sum());
    assertEquals(1, store.get("shop/web").orElseThrow().epoch());
  }

  // 5. Checks.

  @Test
  void clarification5_runsAreCountedPerCheck_httpFailingWhileTcpSucceedsStillFailsOver() {
    Scenario s = Scenario.oneProber();
    s.rounds(3, UP, UP);
    for (int second = 0; second < 10 && s.commands.isEmpty(); second++) {
      s.observe("prober-a", DESKTOP, DOWN);
      s.observe("prober-a", GKE, UP);
      s.advance(Duration.ofMillis(500));
      s.observeCheck("prober-a", DESKTOP, Check.TCP, UP, s.now);
      s.advance(Duration.ofMillis(500));
    }

    assertEquals(Mode.FAILED_OVER, s.mode());
    assertEquals(Scenario.T0.plusSeconds(5), s.lastCommand().issuedAt(), "third http DOWN");
    assertEquals(
        3,
        s.state.desktop().otherChecks().get(ClusterHealth.checkKey("prober-a", Check.TCP)).ups());
  }

  @Test
  void clarification5_otherChecksAreShownOnTheVerdictsTransitions() {
    Scenario s = Scenario.oneProber();
    s.observeCheck("prober-a", DESKTOP, Check.TCP, DOWN, s.now);
    s.observeCheck("prober-a", DESKTOP, Check.TCP, DOWN, s.now.plusMillis(1));
    s.observeCheck("prober-a", DESKTOP, Check.TCP, DOWN, s.now.plusMillis(2));

    s.rounds(3, UP, UP);

    Transition desktopUp =
        s.transitions.stream().filter(t -> t.cluster() == DESKTOP).findFirst().orElseThrow();
    assertEquals(
        "1 of 1 probers saw 3 consecutive successes; tcp (not voting): prober-a DOWN",
        desktopUp.reason());
  }

  @Test
  void clarification5_theVerdictUsesHttpOnly_tcpFailuresAloneNeverStartAFailover() {
    Scenario s = Scenario.oneProber();
    s.rounds(3, UP, UP);
    for (int second = 0; second < 60; second++) {
      s.observeCheck("prober-a", DESKTOP, Check.TCP, DOWN, s.now);
      s.observe("prober-a", GKE, UP);
      s.advance(Duration.ofSeconds(1));
    }

    assertEquals(List.of(), s.commands);
    assertEquals(Verdict.UNKNOWN, s.verdict(DESKTOP), "http votes went stale, tcp never voted");
  }

  @Test
  void clarification5_karmadaClusterNotReady_holdsTheFailbackAndIsATransition() {
    Scenario s = Scenario.threeProbers().failedOver();

    Decision notReady = s.observeCheck("prober-a", DESKTOP, Check.KARMADA_CLUSTER, DOWN, s.now);
    s.roundsFor(HOUR, UP, UP);

    Transition held = notReady.transitions().get(0);
    assertEquals(DESKTOP, held.cluster());
    assertEquals(
        "karmada-cluster: the desktop Cluster is not Ready in Karmada (seen by prober-a):"
            + " failback held until it is Ready",
        held.reason());
    assertEquals(1, s.commands.size(), "no failback while not Ready: " + s.commands);

    Decision ready = s.observeCheck("prober-a", DESKTOP, Check.KARMADA_CLUSTER, UP, s.now);
    s.round(UP, UP);

    assertEquals(
        "karmada-cluster: the desktop Cluster is Ready again in Karmada",
        ready.transitions().get(0).reason());
    assertEquals(Mode.FAILING_BACK, s.lastCommand().mode());
    assertEquals(25, s.lastCommand().routing().desktop());
  }

  @Test
  void
      clarification5_karmadaClusterNotReady_holdsPlacementButNotTheImmediateFailbackFromADownGke() {
    Scenario s = Scenario.threeProbers().failedOver();
    s.observeCheck("prober-a", DESKTOP, Check.KARMADA_CLUSTER, DOWN, s.now);

    s.rounds(3, UP, DOWN);
    assertEquals(Mode.FAILING_BACK, s.mode());
    assertEquals(Routing.allDesktop(), s.state.routing(), "traffic leaves a DOWN gke at once");
    s.roundsFor(Duration.ofMinutes(10), UP, DOWN);
    assertEquals(Placement.GKE, s.state.placement(), "placement waits for Karmada");

    s.observeCheck("prober-a", DESKTOP, Check.KARMADA_CLUSTER, UP, s.now);
    s.round(UP, DOWN);
    assertEquals(Mode.PRIMARY, s.mode());
  }

  @Test
  void clarification5_theKarmadaSignalForAllServicesReachesEveryKnownService() {
    Fleet fleet = fleetOfTwoServices(new InMemoryStore());
    Instant now = Scenario.T0;
    Event<Observation> clusterDown =
        Event.of(
            "karmada-1",
            "/health-prober/prober-a",
            new Observation(
                "*", DESKTOP, Check.KARMADA_CLUSTER, "prober-a", DOWN, 0, null, null, now));

    List<Decision> decisions = fleet.onEvent(clusterDown, now);

    assertEquals(2, decisions.size());
    for (Decision decision : decisions) {
      assertEquals(1, decision.transitions().size());
      assertTrue(decision.transitions().get(0).reason().startsWith(Decider.KARMADA_CLUSTER));
      assertEquals(
          Map.of("prober-a", io.hybridfailover.events.Vote.DOWN),
          decision.serviceState().desktop().karmadaNotReady());
    }
  }

  // Helpers.

  private static List<Transition> reasons(Scenario s, String prefix) {
    return s.transitions.stream().filter(t -> t.reason().startsWith(prefix)).toList();
  }

  private static ActuationResult result(String commandId, long epoch, Long resourceEpoch) {
    return new ActuationResult(
        commandId,
        Scenario.SERVICE,
        epoch,
        "traffic-switcher",
        ActuationOutcome.STALE,
        "split.smi-spec.io/v1alpha2 TrafficSplit shop/web",
        1,
        null,
        Scenario.T0,
        resourceEpoch);
  }

  /** One prober, shop/web and shop/cart known (one observation each at T0). */
  private static Fleet fleetOfTwoServices(InMemoryStore store) {
    Fleet fleet = new Fleet(new Decider(Scenario.settings(1)), store);
    fleet.onEvent(observation("shop/web", Scenario.T0), Scenario.T0);
    fleet.onEvent(observation("shop/cart", Scenario.T0), Scenario.T0);
    return fleet;
  }

  private static Event<Observation> observation(String service, Instant at) {
    return Event.of(
        "/health-prober/prober-a",
        new Observation(service, DESKTOP, Check.HTTP, "prober-a", UP, 5, null, null, at));
  }
}
