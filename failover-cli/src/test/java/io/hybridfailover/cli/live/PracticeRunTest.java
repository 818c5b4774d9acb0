package io.hybridfailover.cli.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.Routing;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A practice run follows the results of actuators that run several replicas each. */
class PracticeRunTest {

  private static final String SERVICE = "shop/web";
  private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

  @Test
  void twoReplicasAnsweringTheMoveMakeOneStepPerActuator() {
    Event<OperatorOverride> override =
        Event.of(
            "/hybrid-cli/alice",
            new OperatorOverride(
                SERVICE,
                OverrideAction.FORCE_GKE,
                OperatorOverride.PRACTICE_PREFIX + " monthly",
                "alice",
                NOW,
                NOW.plus(Duration.ofMinutes(10))));
    PracticeRun run = new PracticeRun(override, step -> {});
    run.onCommand(
        new Command(
            "cmd-7",
            SERVICE,
            7,
            Mode.FAILED_OVER,
            Routing.allGke(),
            Placement.GKE,
            "forced",
            List.of(override.id()),
            false,
            NOW.plusSeconds(1)));
    // Each replica of each actuator answers the command: one changed the object, the other found
    // it changed.
    for (String actuator : List.of("traffic-switcher", "karmada-actuator")) {
      for (ActuationOutcome outcome :
          List.of(ActuationOutcome.APPLIED, ActuationOutcome.UNCHANGED)) {
        run.onResult(result(actuator, outcome));
      }
    }

    List<String> applied =
        run.steps().stream()
            .map(PracticeRun.Step::name)
            .filter(name -> name.endsWith("applied the move"))
            .toList();
    assertEquals(
        List.of("traffic-switcher applied the move", "karmada-actuator applied the move"), applied);
  }

  private static ActuationResult result(String actuator, ActuationOutcome outcome) {
    return new ActuationResult(
        "cmd-7", SERVICE, 7, actuator, outcome, "the object", 1, "done", NOW.plusSeconds(2));
  }
}
