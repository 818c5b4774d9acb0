package io.hybridfailover.decider.core;

import static io.hybridfailover.events.Cluster.DESKTOP;
import static io.hybridfailover.events.Outcome.DOWN;
import static io.hybridfailover.events.Outcome.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.FailoverState;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Epochs, command fields, dry-run, results, state events and the replay contract ({@code
 * docs/decision-rules.md}): {@code #rule-epochs}, {@code #rule-command-fields}, {@code
 * #rule-dry-run}, {@code #rule-results}, {@code #rule-state-events}, {@code #rule-replay-clock}.
 */
class CommandRulesTest {

  private static final Duration HOUR = Duration.ofHours(1);

  @Test
  void epochs_everyCommandCarriesThePreviousPlusOneWithDerivedIds() {
    Scenario s = fullCycle(Scenario.threeProbers());

    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), s.commands.stream().map(Command::epoch).toList());
    assertEquals(5, s.state.epoch());
    for (Command command : s.commands) {
      assertEquals(
          UUID.nameUUIDFromBytes(("shop/web#" + command.epoch()).getBytes()).toString(),
          command.commandId());
      assertFalse(command.dryRun());
      assertFalse(command.causedBy().isEmpty());
      assertTrue(command.causedBy().stream().allMatch(id -> id.startsWith("obs-")));
    }
  }

  @Test
  void commands_causedByTheInputAndTheObservationsBehindTheVerdicts() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, UP);
    String gkeUp = s.state.gke().causedBy();
    s.rounds(3, DOWN, UP);

    Command failover = s.lastCommand();
    String desktopDown = s.state.desktop().causedBy();
    assertEquals(List.of(desktopDown, gkeUp), failover.causedBy());
    assertEquals(s.state.desktop().since(), failover.issuedAt());
  }

  @Test
  void dryRun_commandsAreMarkedDryRunAndTheModesAdvanceAsIfApplied() {
    Scenario s = fullCycle(Scenario.threeProbers("dry-run", "true"));

    assertEquals(5, s.commands.size());
    assertTrue(s.commands.stream().allMatch(Command::dryRun));
  }

  @Test
  void results_areRecordedButNeverMoveRouting() {
    Scenario s = Scenario.threeProbers().failedOver();
    ServiceState before = s.state;

    Decision failed = s.result(1, ActuationOutcome.FAILED);

    assertEquals(List.of(), failed.commands());
    assertEquals(List.of(), failed.transitions());
    assertTrue(failed.state().isEmpty());
    assertEquals(before.routing(), s.state.routing());
    assertEquals(before.mode(), s.state.mode());
    assertEquals(ActuationOutcome.FAILED, s.state.lastResults().get("traffic-switcher").outcome());
  }

  @Test
  void results_aStaleAnswerCarryingTheResourcesEpochRaisesItSoNoEpochIsReused() {
    Scenario s = Scenario.threeProbers().failedOver();

    // v1.1 clarification 3: the epoch comes from resourceEpoch of a STALE answer to our command.
    Decision result = s.result(1, ActuationOutcome.STALE, 7L);
    s.rounds(3, UP, DOWN);

    assertEquals(8, result.state().orElseThrow().epoch());
    assertEquals(9, s.lastCommand().epoch());
  }

  @Test
  void stateEvent_publishedWheneverModeEpochRoutingPlacementFrozenOrHealthChanges() {
    Scenario s = Scenario.threeProbers();

    s.probeAll(UP, UP); // no verdict yet: nothing to publish
    assertEquals(List.of(), s.states);
    s.rounds(3, UP, UP);
    assertEquals(2, s.states.size(), "desktop UP, then gke UP");
    s.tick();
    s.round(UP, UP);
    assertEquals(2, s.states.size(), "nothing changed");

    s.rounds(3, DOWN, UP);
    FailoverState failedOver = s.states.get(s.states.size() - 1);
    assertEquals(Mode.FAILED_OVER, failedOver.mode());
    assertEquals(1, failedOver.epoch());
    assertEquals(Routing.allGke(), failedOver.routing());
    assertEquals(s.lastCommand().issuedAt(), failedOver.since());
    assertEquals(Verdict.DOWN, failedOver.health().get(DESKTOP));

    s.override(OverrideAction.FREEZE);
    assertTrue(s.states.get(s.states.size() - 1).frozen());
  }

  @Test
  void replay_sameInputsAndSettingsGiveByteIdenticalOutputs() {
    assertEquals(encodedOutputs(), encodedOutputs());
  }

  @Test
  void epochs_surviveRestartsThroughTheStateStore() {
    Scenario live = fullCycle(Scenario.threeProbers());
    Scenario restarted = Scenario.threeProbers();
    restarted.throughStateStore = true;
    fullCycle(restarted);

    assertEquals(live.commands, restarted.commands);
    assertEquals(live.transitions, restarted.transitions);
    assertEquals(live.state, restarted.state);
  }

  /** PRIMARY, FAILED_OVER, three failback steps, PRIMARY again: five commands. */
  private static Scenario fullCycle(Scenario s) {
    s.failedOver();
    s.rounds(3, UP, UP);
    while (s.commands.size() < 5) {
      s.roundsUntilCommand(HOUR, UP, UP);
    }
    assertEquals(Mode.PRIMARY, s.mode());
    return s;
  }

  /**
   * A full cycle's transitions and commands as CloudEvents JSON lines, as the replay tool writes.
   */
  private static List<String> encodedOutputs() {
    EventCodec codec = new EventCodec();
    Scenario s = fullCycle(Scenario.threeProbers());
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < s.transitions.size(); i++) {
      lines.add(codec.encodeToString(Event.of("transition-" + i, "/replay", s.transitions.get(i))));
    }
    for (Command command : s.commands) {
      lines.add(codec.encodeToString(Event.of(command.commandId(), "/replay", command)));
    }
    return lines;
  }
}
