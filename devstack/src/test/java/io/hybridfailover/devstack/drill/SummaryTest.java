package io.hybridfailover.devstack.drill;

import static io.hybridfailover.devstack.drill.FiguresTest.T0;
import static io.hybridfailover.devstack.drill.FiguresTest.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.devstack.drill.Figures.UserCounts;
import io.hybridfailover.devstack.drill.Moment.ResultPublished;
import io.hybridfailover.events.ActuationOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {

  static final DrillSettings SETTINGS = DrillSettings.defaults();

  /** The outage as it should go, each command applied by both actuators. */
  static List<Moment> appliedOutage() {
    List<Moment> timeline = new ArrayList<>(FiguresTest.outage());
    for (Moment m : FiguresTest.outage()) {
      if (m instanceof Moment.CommandIssued c) {
        for (String actuator : FaultFigures.ACTUATORS) {
          timeline.add(
              new ResultPublished(
                  c.at().plusMillis(50), actuator, c.epoch(), ActuationOutcome.APPLIED, null));
        }
      }
    }
    timeline.sort(java.util.Comparator.comparing(Moment::at));
    return timeline;
  }

  static Summary.Line line(String drill, List<Moment> timeline) {
    Drill d = Drills.byName(drill).orElseThrow();
    Figures figures = Figures.of(d, timeline, T0, new UserCounts(2_500, 60), SETTINGS);
    return new Summary.Line(
        drill, figures, Summary.failures(d, figures, timeline, SETTINGS), 90_000);
  }

  @Test
  void theOutageAsItShouldGoMeetsEveryExpectation() {
    assertEquals(List.of(), line("outage", appliedOutage()).failures());
  }

  @Test
  void aDrillBreakingAnExpectationSaysWhichAndWhyAndFails() {
    // On purpose: the traffic-switcher never applies epoch 3.
    List<Moment> timeline = new ArrayList<>(appliedOutage());
    timeline.removeIf(
        m ->
            m instanceof ResultPublished r
                && r.epoch() == 3
                && r.actuator().equals("traffic-switcher"));
    timeline.add(new Moment.ObjectWrite(at(46_000), "TrafficSplit shop/web", 4));
    timeline.add(new Moment.ObjectWrite(at(47_000), "TrafficSplit shop/web", 2));

    Summary.Line broken = line("outage", timeline);

    assertFalse(broken.passed());
    assertEquals(
        List.of(
            "every command committed is applied (APPLIED or UNCHANGED) by both actuators: 1"
                + " command(s) not applied by both actuators (lostCommands 1)",
            "no write carries an epoch lower than an earlier write: 1 write(s) went back in epoch"
                + " (staleWrites 1)"),
        broken.failures());
    String table = Summary.table(List.of(line("outage", appliedOutage()), broken));
    assertTrue(table.contains("outage FAILED:\n  every command committed"), table);
    assertTrue(table.contains("1 of 2 drills FAILED."), table);
    assertEquals(Boolean.FALSE, Summary.json(List.of(broken)).get("passed"));
  }

  @Test
  void aDrillThatCouldNotRunIsAFailedLineWithItsReason() {
    Summary.Line notRun =
        new Summary.Line("clock-skew", null, List.of("could not run: libfaketime missing"), 10);
    String table = Summary.table(List.of(notRun));

    assertFalse(notRun.passed());
    assertTrue(table.contains("could not run: libfaketime missing"), table);
    @SuppressWarnings("unchecked")
    Map<String, Object> first =
        ((List<Map<String, Object>>) Summary.json(List.of(notRun)).get("drills")).get(0);
    assertEquals(false, first.get("passed"));
  }

  @Test
  void thePoisonDrillFailsWhenAnInvalidRecordNeverReachesADlq() {
    List<Moment> timeline = new ArrayList<>(appliedOutage());
    timeline.add(new Moment.PoisonSent(at(10), "obs", "obs/p-1", "not JSON", true));

    List<String> failures = line("poison", timeline).failures();

    assertEquals(
        List.of(
            "every invalid poison record reaches its topic's DLQ: 1 of 1 invalid poison records never reached a DLQ"),
        failures);
  }
}
