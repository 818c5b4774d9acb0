package io.hybridfailover.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.devstack.drill.Action.SetDesktop;
import io.hybridfailover.devstack.drill.Behaviour;
import io.hybridfailover.devstack.drill.Drill;
import io.hybridfailover.devstack.drill.DrillSettings;
import io.hybridfailover.devstack.drill.Drills;
import io.hybridfailover.devstack.drill.Expectation;
import io.hybridfailover.devstack.drill.Figures;
import io.hybridfailover.devstack.drill.Figures.UserCounts;
import io.hybridfailover.devstack.drill.Moment;
import io.hybridfailover.devstack.drill.Moment.DrillStep;
import io.hybridfailover.devstack.drill.Moment.RoutingChange;
import io.hybridfailover.devstack.drill.Summary;
import io.hybridfailover.devstack.run.DrillConsole;
import io.hybridfailover.devstack.run.DrillVerdict;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An {@code outage} whose routing went to GKE twice, on purpose: the drill says on screen which
 * expectation failed and why, and {@code ./demo} exits non-zero.
 */
class FailedDrillTest {

  private static final Instant T0 = Instant.parse("2026-11-26T03:00:00Z");

  @Test
  void aBrokenExpectation_isSaidOnScreenWithItsReason_andTheDemoExitsNonZero() {
    Drill outage = Drills.byName("outage").orElseThrow();
    DrillSettings settings = DrillSettings.defaults();
    List<Moment> timeline =
        List.of(
            new DrillStep(T0, new SetDesktop(Behaviour.REFUSED)),
            new RoutingChange(T0.plusMillis(1_000), 0, 100),
            new DrillStep(T0.plusMillis(30_000), new SetDesktop(Behaviour.UP)),
            new RoutingChange(T0.plusMillis(45_000), 100, 0),
            new RoutingChange(T0.plusMillis(50_000), 0, 100),
            new RoutingChange(T0.plusMillis(60_000), 100, 0));
    Figures figures = Figures.of(outage, timeline, T0, new UserCounts(2_500, 60), settings);

    DrillVerdict verdict = DrillVerdict.of(outage, figures, timeline, settings);
    List<String> screen = verdict.checks().stream().map(DrillConsole::checkLine).toList();

    assertTrue(
        screen.contains(
            "  FAIL  "
                + Expectation.FAILS_OVER_AND_BACK_ONCE.description()
                + ": 2 failover(s) and 2 failback(s)"),
        String.join("\n", screen));
    assertEquals(
        DemoCommand.FAILED,
        DemoCommand.exitCode(List.of(new Summary.Line("outage", figures, verdict.failures(), 60))));
    assertNotEquals(0, DemoCommand.FAILED);
    assertFalse(verdict.passed());
  }
}
