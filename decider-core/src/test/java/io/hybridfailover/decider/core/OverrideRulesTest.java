package io.hybridfailover.decider.core;

import static io.hybridfailover.events.Cluster.DESKTOP;
import static io.hybridfailover.events.Cluster.GKE;
import static io.hybridfailover.events.Outcome.DOWN;
import static io.hybridfailover.events.Outcome.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.Command;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Verdict;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The override rules, one test each ({@code docs/decision-rules.md#overrides}): {@code
 * #rule-freeze}, {@code #rule-force}, {@code #rule-release}.
 */
class OverrideRulesTest {

  @Test
  void freeze_noAutomaticCommandsWhileVerdictsAndTransitionsContinue() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, UP);

    Decision freeze = s.override(OverrideAction.FREEZE);
    s.rounds(3, DOWN, UP);
    s.roundsFor(Duration.ofMinutes(10), DOWN, UP);

    assertTrue(freeze.state().orElseThrow().frozen());
    assertEquals(Verdict.DOWN, s.verdict(DESKTOP));
    assertEquals(Verdict.DOWN, s.lastTransition().to());
    assertEquals(Verdict.DOWN, s.states.get(s.states.size() - 1).health().get(DESKTOP));
    assertEquals(List.of(), s.commands);
    assertEquals(Routing.allDesktop(), s.state.routing());
  }

  @Test
  void freeze_forAllServicesAppliesToEachServiceItIsGiven() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, UP);

    s.apply(s.decider.onOverride(s.state, s.overrideEvent("*", OverrideAction.FREEZE), s.now));
    s.rounds(3, DOWN, UP);

    assertTrue(s.state.frozen());
    assertEquals(List.of(), s.commands);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            s.decider.onOverride(
                s.state, s.overrideEvent("shop/other", OverrideAction.FREEZE), s.now));
  }

  @Test
  void forceDesktop_emitsTheForcedStateAtOnceAndFreezes() {
    Scenario s = Scenario.threeProbers().failedOver();

    Decision force = s.override(OverrideAction.FORCE_DESKTOP);

    Command forced = force.commands().get(0);
    assertEquals(Mode.PRIMARY, forced.mode());
    assertEquals(Routing.allDesktop(), forced.routing());
    assertEquals(Placement.PRIMARY, forced.placement());
    assertEquals(s.now, forced.issuedAt());
    assertEquals("forced to desktop by alice: maintenance", forced.reason());
    assertTrue(s.state.frozen());
    assertEquals(DESKTOP, s.state.forced());

    s.roundsFor(Duration.ofMinutes(10), DOWN, UP); // would fail over if automatic
    assertEquals(2, s.commands.size());
  }

  @Test
  void forceGke_emitsTheForcedStateAtOnceAndFreezes() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, UP);

    var event = s.overrideEvent(Scenario.SERVICE, OverrideAction.FORCE_GKE);
    Decision force = s.apply(s.decider.onOverride(s.state, event, s.now));

    Command forced = force.commands().get(0);
    assertEquals(Mode.FAILED_OVER, forced.mode());
    assertEquals(Routing.allGke(), forced.routing());
    assertEquals(Placement.GKE, forced.placement());
    assertEquals(1, forced.epoch());
    assertEquals(List.of(event.id()), forced.causedBy());
    assertTrue(s.state.frozen());
    assertEquals(GKE, s.state.forced());
    assertEquals(List.of(), s.state.failoverStarts(), "a forced move is not a failover");

    s.roundsFor(Duration.ofMinutes(10), UP, UP); // would fail back if automatic
    assertEquals(1, s.commands.size());
  }

  @Test
  void unfreeze_reevaluatesFromTheCurrentVerdictsAtOnce() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, UP);
    s.override(OverrideAction.FREEZE);
    s.rounds(3, DOWN, UP);
    assertEquals(List.of(), s.commands);

    Decision unfreeze = s.override(OverrideAction.UNFREEZE);

    Command failover = unfreeze.commands().get(0);
    assertEquals(Mode.FAILED_OVER, failover.mode());
    assertEquals(s.now, failover.issuedAt());
    assertTrue(failover.causedBy().get(0).startsWith("ovr-"));
    assertFalse(s.state.frozen());
  }

  @Test
  void release_endsAForceAndReevaluatesFromTheCurrentVerdictsAtOnce() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, UP);
    s.override(OverrideAction.FORCE_DESKTOP);
    s.rounds(3, DOWN, UP);
    s.override(OverrideAction.FREEZE); // a freeze does not end the force
    assertEquals(DESKTOP, s.state.forced());

    Decision release = s.override(OverrideAction.RELEASE);

    assertEquals(Mode.FAILED_OVER, release.commands().get(0).mode());
    assertFalse(s.state.frozen());
    assertEquals(null, s.state.forced());
  }
}
