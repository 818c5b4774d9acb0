package io.hybridfailover.decider.core;

import static io.hybridfailover.events.Outcome.DOWN;
import static io.hybridfailover.events.Outcome.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.Command;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each actuator runs hot on several replicas, each answering every command: for one command the
 * decider reads one APPLIED and UNCHANGED from the others, in any order, and from a replica that
 * lags a STALE to a command already superseded. None of them issues a command, moves the epoch or
 * counts as a failover.
 */
class HotReplicaResultsTest {

  @Test
  void twoAnswersToOneCommandChangeNothingButTheDisplayedResult() {
    for (List<ActuationOutcome> order :
        List.of(
            List.of(ActuationOutcome.APPLIED, ActuationOutcome.UNCHANGED),
            List.of(ActuationOutcome.UNCHANGED, ActuationOutcome.APPLIED))) {
      Scenario s = Scenario.threeProbers().failedOver();
      ServiceState before = s.state;
      Decision first = s.result(1, order.get(0));
      Decision second = s.result(1, order.get(1));

      assertEquals(List.of(), first.commands());
      assertEquals(List.of(), second.commands());
      assertEquals(before.epoch(), s.state.epoch());
      assertEquals(before.failoverStarts(), s.state.failoverStarts());
      assertEquals(before.mode(), s.state.mode());
      assertEquals(1, s.state.lastResults().get("traffic-switcher").epoch());
    }
  }

  @Test
  void aLaggingReplicasStaleAnswerToASupersededCommandChangesNothing() {
    Scenario s = Scenario.threeProbers().failedOver();
    s.result(1, ActuationOutcome.APPLIED);
    s.rounds(3, UP, DOWN); // failback at once: epoch 2
    s.result(2, ActuationOutcome.APPLIED);
    ServiceState before = s.state;

    // The lagging replica takes epoch 1 after the other wrote epoch 2: fenced by the object, or
    // superseded by the newer command it has seen since.
    Decision fenced = s.result(1, ActuationOutcome.STALE, 2L);
    Decision superseded = s.result(1, ActuationOutcome.STALE, 1L);
    Decision unchanged = s.result(2, ActuationOutcome.UNCHANGED);

    for (Decision d : List.of(fenced, superseded, unchanged)) {
      assertEquals(List.of(), d.commands());
    }
    assertEquals(2, s.state.epoch());
    assertSame(before.mode(), s.state.mode());
    assertEquals(2, s.state.lastResults().get("traffic-switcher").epoch());
    // The next failover takes the next epoch: nothing was counted twice.
    s.rounds(3, DOWN, UP);
    assertEquals(List.of(1L, 2L, 3L), s.commands.stream().map(Command::epoch).toList());
  }
}
