package io.hybridfailover.devstack.drill;

import static io.hybridfailover.devstack.drill.FiguresTest.SETTINGS;
import static io.hybridfailover.devstack.drill.FiguresTest.T0;
import static io.hybridfailover.devstack.drill.FiguresTest.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.devstack.drill.Figures.UserCounts;
import io.hybridfailover.devstack.drill.Moment.FleetResult;
import io.hybridfailover.devstack.drill.Moment.FleetRouting;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Routing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FleetReportTest {

  /** The outage of shop/web, and each other service of a fleet of {@code size} moving too. */
  static List<Moment> fleetOutage(int size, long spreadMs) {
    List<Moment> timeline = FiguresTest.outage();
    List<String> others = FleetServices.ids(size).subList(1, size);
    for (int i = 0; i < others.size(); i++) {
      timeline.add(new FleetRouting(at(1_200 + i * spreadMs), others.get(i), 0, 100));
      timeline.add(new FleetRouting(at(41_100 + i * spreadMs), others.get(i), 25, 75));
      timeline.add(new FleetRouting(at(45_100 + i * spreadMs), others.get(i), 100, 0));
    }
    timeline.sort(java.util.Comparator.comparing(Moment::at));
    return timeline;
  }

  static Figures figures(Drill drill, List<Moment> timeline, Map<String, Long> errors) {
    return Figures.of(drill, timeline, T0, new UserCounts(2_500, 60, errors), SETTINGS);
  }

  @Test
  void namesTheFleetShopWebFirstThenAcrossNamespaces() {
    assertEquals(List.of("shop/web"), FleetServices.ids(1));
    assertEquals(
        List.of(
            "shop/web",
            "blog/svc-002",
            "media/svc-003",
            "home/svc-004",
            "tools/svc-005",
            "shop/svc-006"),
        FleetServices.ids(6));
    assertEquals("shop/svc-006", FleetServices.stuck(6));
  }

  @Test
  void timesEachServicesFailoverFromTheFirstFault() {
    Drill drill = Drills.byName("fleet-outage").orElseThrow().withServices(5);
    Figures figures = figures(drill, fleetOutage(5, 100), Map.of("blog/svc-002", 3L));

    FleetFigures fleet = figures.fleet().fleet();
    assertEquals(5, fleet.services());
    assertEquals(5, fleet.failedOver());
    // shop/web 1,200; the others 1,200, 1,300, 1,400, 1,500.
    assertEquals(new FleetFigures.Spread(1_300, 1_500, 1_500), fleet.serviceFailoverMs());
    assertEquals(1_500L, fleet.lastServiceFailoverMs());
    assertNull(fleet.othersMaxFailoverMs());
    assertEquals(Map.of("blog/svc-002", 3L), figures.fleet().userErrorsByService());
    assertEquals(0, figures.falseFailovers());
    assertEquals(
        Optional.empty(),
        Expectation.EVERY_SERVICE_FAILS_OVER_AND_BACK_ONCE.violation(
            figures, fleetOutage(5, 100), SETTINGS));
  }

  @Test
  void aServiceThatNeverFailedOverOrMovedTwiceIsNamed() {
    Drill drill = Drills.byName("fleet-outage").orElseThrow().withServices(4);
    List<Moment> timeline = new ArrayList<>(fleetOutage(3, 100)); // home/svc-004 never moves
    timeline.add(new FleetRouting(at(50_000), "blog/svc-002", 0, 100));
    Figures figures = figures(drill, timeline, Map.of());

    assertEquals(3, figures.fleet().fleet().failedOver());
    Optional<String> violation =
        Expectation.EVERY_SERVICE_FAILS_OVER_AND_BACK_ONCE.violation(figures, timeline, SETTINGS);
    assertTrue(violation.isPresent());
    assertTrue(violation.get().contains("2 of 4"), violation.get());
    assertTrue(violation.get().contains("blog/svc-002: 2 failover(s), 1 failback(s)"));
    assertTrue(violation.get().contains("home/svc-004: 0 failover(s), 0 failback(s)"));
  }

  @Test
  void aFleetServiceMovingWhileTheDesktopIsHealthyIsAFalseFailover() {
    Drill drill = Drills.byName("fleet-outage").orElseThrow().withServices(3);
    List<Moment> timeline = new ArrayList<>(fleetOutage(3, 100));
    timeline.add(new FleetRouting(at(70_000), "media/svc-003", 0, 100));

    assertEquals(1, figures(drill, timeline, Map.of()).falseFailovers());
  }

  @Test
  void aStuckWriteLandingAfterTheOutage_wasDecidedDuringIt_andIsNoFalseFailover() {
    Drill drill = Drills.byName("fleet-stuck-write").orElseThrow().withServices(3);
    List<Moment> timeline = new ArrayList<>(fleetOutage(2, 100)); // media/svc-003 is stuck
    timeline.add(fleetCommand(800, "media/svc-003", 1, Mode.FAILED_OVER, 0));
    // The drift cycle lands the failover 6 s after the desktop was healthy again (at 30 s).
    timeline.add(new FleetRouting(at(36_000), "media/svc-003", 0, 100));
    timeline.sort(java.util.Comparator.comparing(Moment::at));

    assertEquals(0, figures(drill, timeline, Map.of()).falseFailovers());
  }

  @Test
  void aFailoverDecidedWhileTheDesktopWasHealthy_isFalseWhenever_itLands() {
    Drill drill = Drills.byName("fleet-outage").orElseThrow().withServices(3);
    List<Moment> timeline = new ArrayList<>(fleetOutage(3, 100));
    timeline.add(fleetCommand(60_000, "media/svc-003", 5, Mode.FAILED_OVER, 0));
    timeline.add(new FleetRouting(at(60_100), "media/svc-003", 0, 100));

    assertEquals(1, figures(drill, timeline, Map.of()).falseFailovers());
  }

  static Moment.FleetCommand fleetCommand(
      long millis, String service, long epoch, Mode mode, int desktop) {
    return new Moment.FleetCommand(
        at(millis), service, epoch, mode, Routing.desktop(desktop), at(millis + 40));
  }

  @Test
  void reportsTheStuckServicesResultsAndTheOthersSlowest() {
    Drill drill = Drills.byName("fleet-stuck-write").orElseThrow().withServices(3);
    List<Moment> timeline = new ArrayList<>(fleetOutage(2, 100)); // media/svc-003 is stuck
    timeline.add(
        new FleetResult(
            at(21_000),
            "media/svc-003",
            "traffic-switcher",
            1,
            ActuationOutcome.FAILED,
            "gave up after 6 attempts: 409 Conflict"));
    timeline.add(new FleetRouting(at(31_000), "media/svc-003", 0, 100));
    timeline.add(
        new FleetResult(
            at(31_000),
            "media/svc-003",
            "traffic-switcher",
            1,
            ActuationOutcome.APPLIED,
            "applied on a later attempt cycle: weights 0/100"));
    timeline.sort(java.util.Comparator.comparing(Moment::at));
    Figures figures = figures(drill, timeline, Map.of());

    FleetReport report = figures.fleet();
    assertEquals("media/svc-003", report.stuckService());
    assertTrue(report.stuckFailedOver());
    assertEquals(2, report.stuckResults().size());
    assertEquals("FAILED", report.stuckResults().get(0).outcome());
    assertEquals(21_000, report.stuckResults().get(0).atMs());
    assertEquals(1_200L, report.fleet().othersMaxFailoverMs());
    assertEquals(31_000L, report.fleet().lastServiceFailoverMs());
    assertEquals(
        Optional.empty(),
        Expectation.STUCK_SERVICE_FAILS_WITH_THE_REASON_AND_IS_RETRIED.violation(
            figures, timeline, SETTINGS));
    assertEquals(
        Optional.empty(),
        Expectation.OTHERS_FAIL_OVER_WITHIN_BOUND.violation(figures, timeline, SETTINGS));
  }

  @Test
  void aStuckServiceNeverAppliedAfterItsFailureFailsTheDrill() {
    Drill drill = Drills.byName("fleet-stuck-write").orElseThrow().withServices(3);
    List<Moment> timeline = new ArrayList<>(fleetOutage(2, 100));
    timeline.add(
        new FleetResult(
            at(21_000), "media/svc-003", "karmada-actuator", 1, ActuationOutcome.FAILED, "500"));
    Figures figures = figures(drill, timeline, Map.of());

    assertFalse(figures.fleet().stuckFailedOver());
    assertEquals(
        Optional.of("karmada-actuator never applied anything for it after its FAILED result"),
        Expectation.STUCK_SERVICE_FAILS_WITH_THE_REASON_AND_IS_RETRIED.violation(
            figures, timeline, SETTINGS));
  }

  @Test
  void anotherServiceHeldUpPastTheBoundFailsTheDrill() {
    Drill drill = Drills.byName("fleet-stuck-write").orElseThrow().withServices(3);
    List<Moment> timeline = new ArrayList<>(fleetOutage(2, 100));
    // blog/svc-002 held up behind the stuck write: its route moves only at 21 s.
    timeline.removeIf(m -> m instanceof FleetRouting r && r.at().equals(at(1_200)));
    timeline.add(new FleetRouting(at(21_000), "blog/svc-002", 0, 100));
    timeline.sort(java.util.Comparator.comparing(Moment::at));
    Figures figures = figures(drill, timeline, Map.of());

    assertEquals(21_000L, figures.fleet().fleet().othersMaxFailoverMs());
    assertTrue(
        Expectation.OTHERS_FAIL_OVER_WITHIN_BOUND
            .violation(figures, timeline, SETTINGS)
            .orElseThrow()
            .contains("21000 ms > bound"));
  }

  @Test
  void aWorldOfOneServiceIsAFleetOfShopWebAlone() {
    Figures figures =
        figures(Drills.byName("outage").orElseThrow(), FiguresTest.outage(), Map.of());

    assertEquals(1, figures.fleet().fleet().services());
    assertEquals(1_200L, figures.fleet().fleet().lastServiceFailoverMs());
    assertNull(figures.fleet().stuckService());
    assertNull(figures.fleet().stuckResults());
  }
}
