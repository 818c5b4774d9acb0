package io.hybridfailover.devstack.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.devstack.drill.Action.KillProber;
import io.hybridfailover.devstack.drill.Action.PartitionDecider;
import io.hybridfailover.devstack.drill.Action.SetDesktop;
import io.hybridfailover.devstack.drill.Figures.UserCounts;
import io.hybridfailover.devstack.drill.Moment.CommandIssued;
import io.hybridfailover.devstack.drill.Moment.DrillStep;
import io.hybridfailover.devstack.drill.Moment.GkeCopy;
import io.hybridfailover.devstack.drill.Moment.PlacementChange;
import io.hybridfailover.devstack.drill.Moment.RoutingChange;
import io.hybridfailover.devstack.drill.Moment.VerdictChange;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FiguresTest {

  static final Instant T0 = Instant.parse("2026-11-24T03:00:00Z");
  static final DrillSettings SETTINGS = DrillSettings.defaults();

  static Instant at(long millis) {
    return T0.plusMillis(millis);
  }

  /** The outage as it should go: fault, DOWN, failover, healthy, three failback steps, PRIMARY. */
  static List<Moment> outage() {
    return new ArrayList<>(
        List.of(
            new DrillStep(at(0), new SetDesktop(Behaviour.REFUSED)),
            new VerdictChange(at(760), Cluster.DESKTOP, Verdict.UP, Verdict.DOWN, "3 failures"),
            command(800, 1, Mode.FAILED_OVER, 0, Placement.GKE),
            new PlacementChange(at(1_100), List.of("desktop", "gke")),
            new RoutingChange(at(1_200), 0, 100),
            new DrillStep(at(30_000), new SetDesktop(Behaviour.UP)),
            command(41_000, 2, Mode.FAILING_BACK, 25, Placement.GKE),
            new RoutingChange(at(41_100), 25, 75),
            command(43_000, 3, Mode.FAILING_BACK, 50, Placement.GKE),
            new RoutingChange(at(43_100), 50, 50),
            command(45_000, 4, Mode.FAILING_BACK, 100, Placement.GKE),
            new RoutingChange(at(45_100), 100, 0),
            command(48_000, 5, Mode.PRIMARY, 100, Placement.PRIMARY),
            new PlacementChange(at(48_100), List.of("desktop"))));
  }

  static CommandIssued command(long millis, long epoch, Mode mode, int desktop, Placement p) {
    return new CommandIssued(at(millis), epoch, mode, Routing.desktop(desktop), p, "test");
  }

  static Figures figures(String drill, List<Moment> timeline) {
    return Figures.of(
        Drills.byName(drill).orElseThrow(), timeline, T0, new UserCounts(2_500, 60), SETTINGS);
  }

  @Test
  void aFailoverDecidedWhileTheWorldStartedIsAFalseOne() {
    List<Moment> timeline = outage();
    // Shop/web and a fleet service failed over and back during start-up, before the drill began.
    timeline.add(0, command(-20_000, 1, Mode.FAILED_OVER, 0, Placement.GKE));
    timeline.add(
        0,
        new Moment.FleetCommand(
            at(-19_000), "blog/svc-002", 1, Mode.FAILED_OVER, Routing.allGke(), null));

    Figures figures = figures("outage", timeline);

    assertEquals(2, figures.startUpFailovers());
    assertEquals(2, figures.falseFailovers());
    assertEquals(
        Optional.of(
            "2 failover(s) with the desktop healthy for longer than the failover bound"
                + " (2 before the drill began)"),
        Expectation.NO_FALSE_FAILOVER.violation(figures, timeline, SETTINGS));
    assertEquals(0, figures("outage", outage()).falseFailovers(), "the drill's own is not");
  }

  @Test
  void aPartitionBeforeTheOutageIsNotCountedInDetectionAndFailover() {
    List<Moment> timeline =
        List.of(
            new DrillStep(at(0), new PartitionDecider(true)),
            new DrillStep(at(15_000), new PartitionDecider(false)),
            new DrillStep(at(20_000), new SetDesktop(Behaviour.REFUSED)),
            new VerdictChange(at(20_760), Cluster.DESKTOP, Verdict.UP, Verdict.DOWN, "3 failures"),
            command(20_800, 1, Mode.FAILED_OVER, 0, Placement.GKE),
            new RoutingChange(at(21_200), 0, 100));

    Figures figures = figures("partition", timeline);

    assertEquals(760L, figures.detectionMs(), "from the outage at 20 s, not the partition at 0");
    assertEquals(1_200L, figures.failoverMs());
    assertEquals(0, figures.falseFailovers());
    assertEquals(
        Optional.empty(), Expectation.NO_FALSE_FAILOVER.violation(figures, timeline, SETTINGS));
  }

  @Test
  void aFailoverDuringThePartitionIsFalseAndTheExpectationSaysSo() {
    List<Moment> timeline =
        List.of(
            new DrillStep(at(0), new PartitionDecider(true)),
            command(10_000, 1, Mode.FAILED_OVER, 0, Placement.GKE),
            new RoutingChange(at(10_200), 0, 100),
            new DrillStep(at(15_000), new PartitionDecider(false)),
            new DrillStep(at(20_000), new SetDesktop(Behaviour.REFUSED)));

    Figures figures = figures("partition", timeline);

    assertEquals(1, figures.falseFailovers());
    assertTrue(
        Expectation.NO_FALSE_FAILOVER
            .violation(figures, timeline, SETTINGS)
            .orElseThrow()
            .contains("1 failover(s) with the desktop healthy"));
  }

  @Test
  void anOutageIsMeasuredFromTheFirstFault() {
    Figures figures = figures("outage", outage());

    assertEquals(760L, figures.detectionMs());
    assertEquals(1_200L, figures.failoverMs());
    assertEquals(15_100L, figures.failbackMs(), "desktop healthy at 30 s, routing home at 45.1 s");
    assertEquals(4, figures.routingChanges());
    assertEquals(1, figures.failovers());
    assertEquals(1, figures.failbacks());
    assertEquals(0, figures.falseFailovers());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), figures.epochs());
    assertEquals(97.6, figures.availabilityPct());
  }

  @Test
  void momentsBeforeTheDrillDoNotCount() {
    List<Moment> timeline = outage();
    timeline.add(0, new RoutingChange(T0.minusSeconds(5), 100, 0));
    timeline.add(0, command(-6_000, 7, Mode.PRIMARY, 100, Placement.PRIMARY));

    Figures figures = figures("outage", timeline);

    assertEquals(4, figures.routingChanges());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), figures.epochs());
  }

  @Test
  void aFailoverWhileTheDesktopIsHealthyIsFalse() {
    List<Moment> timeline =
        List.of(
            new DrillStep(at(0), new KillProber("prober-3")), new RoutingChange(at(5_000), 0, 100));

    Figures figures = figures("prober-loss", timeline);

    assertEquals(1, figures.falseFailovers());
    assertNull(figures.detectionMs());
    assertNull(figures.failbackMs(), "routing never came back");
  }

  @Test
  void aFailoverSoonAfterAFaultEndedIsNotFalse() {
    // The fault ended 1 s before the failover: within the failover bound (1.95 s), the probers
    // may still be counting the failures it caused.
    List<Moment> timeline =
        List.of(
            new DrillStep(at(0), new SetDesktop(Behaviour.REFUSED)),
            new DrillStep(at(2_000), new SetDesktop(Behaviour.UP)),
            new RoutingChange(at(3_000), 0, 100));

    assertEquals(0, figures("flap", timeline).falseFailovers());
    assertTrue(
        Figures.desktopHealthyFor(timeline, at(4_000), SETTINGS.failoverBound()),
        "2 s after the fault ended, longer than the bound");
  }

  @Test
  void noTrafficIsFullAvailability() {
    Figures figures =
        Figures.of(
            Drills.byName("outage").orElseThrow(), List.of(), T0, new UserCounts(0, 0), SETTINGS);
    assertEquals(100.0, figures.availabilityPct());
  }

  @Test
  void everyExpectationOfAGoodOutageHolds() {
    Drill outage = Drills.byName("outage").orElseThrow();
    List<Moment> timeline = SummaryTest.appliedOutage(); // every command applied by both
    Figures figures = figures("outage", timeline);
    for (Expectation expectation : outage.expectations()) {
      assertEquals(
          Optional.empty(), expectation.violation(figures, timeline, SETTINGS), expectation.name());
    }
  }

  @Test
  void aSecondFailoverBreaksTheOutageExpectation() {
    List<Moment> timeline = outage();
    timeline.add(new RoutingChange(at(50_000), 0, 100));
    timeline.add(new RoutingChange(at(60_000), 100, 0));
    Figures figures = figures("outage", timeline);

    assertEquals(
        Optional.of("2 failover(s) and 2 failback(s)"),
        Expectation.FAILS_OVER_AND_BACK_ONCE.violation(figures, timeline, SETTINGS));
    assertTrue(
        Expectation.MOVES_ROUTING_AT_MOST_TWICE.violation(figures, timeline, SETTINGS).isPresent());
  }

  @Test
  void aSlowFailoverBreaksTheBlackholeBound() {
    List<Moment> timeline =
        List.of(
            new DrillStep(at(0), new SetDesktop(Behaviour.BLACKHOLED)),
            new RoutingChange(at(2_500), 0, 100));
    Figures figures = figures("blackhole", timeline);

    assertEquals(
        Optional.of("failoverMs 2500 > bound 1950"),
        Expectation.FAILS_OVER_WITHIN_BOUND.violation(figures, timeline, SETTINGS));
  }

  @Test
  void epochsGoingBackBreakTheEpochExpectation() {
    List<Moment> timeline = outage();
    timeline.add(command(49_000, 3, Mode.PRIMARY, 100, Placement.PRIMARY));
    Figures figures = figures("outage", timeline);

    assertTrue(
        Expectation.EPOCHS_STRICTLY_INCREASE.violation(figures, timeline, SETTINGS).isPresent());
  }

  @Test
  void endingAwayFromHomeBreaksTheHomeExpectation() {
    List<Moment> timeline = outage().subList(0, 9);
    Figures figures = figures("outage", timeline);

    assertEquals(
        Optional.of("routing home false, last command PRIMARY with placement PRIMARY false"),
        Expectation.ENDS_HOME.violation(figures, timeline, SETTINGS));
  }

  @Test
  void coldStandbyRoutingMustWaitForTheGkeCopy() {
    List<Moment> good =
        List.of(
            new DrillStep(at(0), new SetDesktop(Behaviour.REFUSED)),
            new PlacementChange(at(900), List.of("desktop", "gke")),
            new GkeCopy(at(8_900), true),
            new VerdictChange(at(9_700), Cluster.GKE, Verdict.DOWN, Verdict.UP, "3 successes"),
            new RoutingChange(at(10_000), 0, 100));
    Expectation cold = Expectation.PLACEMENT_FIRST_ROUTING_AFTER_GKE_UP;
    assertEquals(Optional.empty(), cold.violation(figures("cold-standby", good), good, SETTINGS));

    List<Moment> early =
        List.of(
            new DrillStep(at(0), new SetDesktop(Behaviour.REFUSED)),
            new PlacementChange(at(900), List.of("desktop", "gke")),
            new RoutingChange(at(1_000), 0, 100),
            new GkeCopy(at(8_900), true),
            new VerdictChange(at(9_700), Cluster.GKE, Verdict.DOWN, Verdict.UP, "3 successes"));
    assertEquals(
        Optional.of("routing moved before the GKE copy was UP"),
        cold.violation(figures("cold-standby", early), early, SETTINGS));
  }

  @Test
  void neverMovingMeansNoRoutingChangeAtAll() {
    List<Moment> timeline =
        List.of(
            new DrillStep(at(0), new KillProber("prober-3")), new RoutingChange(at(5_000), 75, 25));
    Figures figures = figures("prober-loss", timeline);
    assertEquals(
        Optional.of("routing changed 1 time(s)"),
        Expectation.NEVER_MOVES_ROUTING.violation(figures, timeline, SETTINGS));
  }
}
