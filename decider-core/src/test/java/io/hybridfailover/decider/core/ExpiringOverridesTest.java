package io.hybridfailover.decider.core;

import static io.hybridfailover.events.Cluster.DESKTOP;
import static io.hybridfailover.events.Cluster.GKE;
import static io.hybridfailover.events.Outcome.DOWN;
import static io.hybridfailover.events.Outcome.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.RecordKeys;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Overrides that expire and practice runs (v1.2 clarifications 7 and 8): each rule, and the
 * precedence between an operator's overrides, the automatic rules and practice runs.
 */
class ExpiringOverridesTest {

  private int ids = 1;

  private Event<OperatorOverride> override(
      Scenario s, String service, OverrideAction action, String reason, Duration lasts) {
    return Event.of(
        "exp-" + ids++,
        "/cli/alice",
        new OperatorOverride(
            service, action, reason, "alice", s.now, lasts == null ? null : s.now.plus(lasts)));
  }

  private Decision send(Scenario s, OverrideAction action, Duration lasts) {
    return send(s, Scenario.SERVICE, action, "maintenance", lasts);
  }

  private Decision send(
      Scenario s, String service, OverrideAction action, String reason, Duration lasts) {
    return s.apply(
        s.decider.onOverride(s.state, override(s, service, action, reason, lasts), s.now));
  }

  private Decision practice(Scenario s, Duration lasts) {
    return send(s, Scenario.SERVICE, OverrideAction.FORCE_GKE, "practice: weekly", lasts);
  }

  private static List<Transition> reasonsStarting(Scenario s, String prefix) {
    return s.transitions.stream().filter(t -> t.reason().startsWith(prefix)).toList();
  }

  @Test
  void anExpiredFreezeEndsByItself_onATick_andTheRulesActAtOnce() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, UP);
    send(s, OverrideAction.FREEZE, Duration.ofMinutes(10));
    s.rounds(3, DOWN, UP);
    assertEquals(List.of(), s.commands, "frozen: no failover");

    Instant expiry = Scenario.T0.plus(Duration.ofSeconds(3)).plus(Duration.ofMinutes(10));
    s.roundsUntil(expiry.minusSeconds(2), DOWN, UP); // the probers go on: the verdicts stay fresh
    s.now = expiry.minusMillis(1);
    s.tick();
    assertTrue(s.state.frozen(), "not before its expiry");
    s.now = expiry;
    Decision ended = s.tick(); // no observation: the tick alone ends it

    assertFalse(s.state.frozen());
    assertNull(s.state.holds());
    Transition expired = reasonsStarting(s, OverrideRules.OVERRIDE_EXPIRED).get(0);
    assertEquals(expiry, expired.at());
    assertTrue(
        expired.reason().contains("FREEZE by alice (maintenance)")
            && expired.reason().endsWith("back to automatic"),
        expired.reason());
    // Exactly as after UNFREEZE: the rules re-evaluate at once and fail over.
    assertEquals(Mode.FAILED_OVER, ended.commands().get(0).mode());
    assertEquals(expiry, ended.commands().get(0).issuedAt());
  }

  @Test
  void anExpiredForceEndsByItself_toTheDampedFailback() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, UP);
    Decision force = send(s, OverrideAction.FORCE_GKE, Duration.ofMinutes(5));
    assertEquals(Routing.allGke(), force.commands().get(0).routing());
    assertTrue(
        force.commands().get(0).reason().contains("(until "), force.commands().get(0).reason());
    assertEquals(GKE, s.state.forced());

    s.roundsFor(Duration.ofMinutes(5).minusSeconds(2), UP, UP);
    assertEquals(1, s.commands.size(), "forced: no failback before the expiry");
    s.roundsFor(Duration.ofSeconds(3), UP, UP);

    assertFalse(s.state.frozen());
    assertNull(s.state.forced());
    assertEquals(1, reasonsStarting(s, OverrideRules.OVERRIDE_EXPIRED).size());
    assertEquals(GKE, reasonsStarting(s, OverrideRules.OVERRIDE_EXPIRED).get(0).cluster());
    Command firstStep = s.commands.get(1);
    assertEquals(Mode.FAILING_BACK, firstStep.mode());
    assertEquals(25, firstStep.routing().desktop());
  }

  @Test
  void aLaterOverrideReplacesAnEarlierOne_expiryIncluded() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, UP);
    send(s, OverrideAction.FREEZE, Duration.ofMinutes(1));
    send(s, OverrideAction.FREEZE, null); // until released

    s.advance(Duration.ofMinutes(2));
    assertTrue(s.state.frozen(), "the later freeze has no expiry");
    assertEquals(List.of(), reasonsStarting(s, OverrideRules.OVERRIDE_EXPIRED));

    send(s, OverrideAction.FREEZE, Duration.ofMinutes(1));
    s.advance(Duration.ofMinutes(1));
    assertFalse(s.state.frozen(), "the latest freeze's expiry counts");
  }

  @Test
  void anOverrideForAllAndOneForTheServiceKeepTheirOwnExpiry() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, UP);
    send(s, RecordKeys.ALL_SERVICES, OverrideAction.FREEZE, "upgrade", Duration.ofMinutes(30));
    send(s, Scenario.SERVICE, OverrideAction.FORCE_GKE, "move", Duration.ofMinutes(10));
    assertEquals(GKE, s.state.forced());

    s.advance(Duration.ofMinutes(10));
    assertTrue(s.state.frozen(), "the freeze for all still holds");
    assertNull(s.state.forced());
    assertTrue(
        reasonsStarting(s, OverrideRules.OVERRIDE_EXPIRED)
            .get(0)
            .reason()
            .contains("still held by the FREEZE by alice (upgrade)"),
        s.transitions.toString());
    assertEquals(1, s.commands.size(), "frozen: routing stays where the force left it");

    s.advance(Duration.ofMinutes(20));
    assertFalse(s.state.frozen());
    assertEquals(2, reasonsStarting(s, OverrideRules.OVERRIDE_EXPIRED).size());
  }

  @Test
  void aServiceReleasedFromAnOverrideForAllStaysReleased() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, UP);
    send(s, RecordKeys.ALL_SERVICES, OverrideAction.FREEZE, "upgrade", Duration.ofMinutes(30));
    send(s, Scenario.SERVICE, OverrideAction.RELEASE, "not this one", null);
    assertFalse(s.state.frozen());

    s.rounds(3, DOWN, UP);
    assertEquals(Mode.FAILED_OVER, s.mode(), "automatic again");
  }

  @Test
  void anOverrideThatExpiredBeforeItWasReadEndsAtOnceWithoutACommand() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, UP);
    Event<OperatorOverride> late =
        override(s, Scenario.SERVICE, OverrideAction.FORCE_GKE, "x", Duration.ofMinutes(1));
    s.now = s.now.plus(Duration.ofMinutes(2));

    Decision decision = s.apply(s.decider.onOverride(s.state, late, s.now));

    assertEquals(List.of(), decision.commands());
    assertFalse(s.state.frozen());
    assertTrue(
        decision.transitions().get(0).reason().contains("had expired when the decider read it"));
  }

  @Test
  void practice_refusedUnlessBothClustersAreUp() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, DOWN);

    Decision refused = practice(s, Duration.ofMinutes(10));

    assertEquals(List.of(), refused.commands());
    assertFalse(s.state.frozen());
    Transition why = refused.transitions().get(0);
    assertTrue(why.reason().startsWith(OverrideRules.PRACTICE_REFUSED), why.reason());
    assertTrue(why.reason().contains("desktop is UP and gke is DOWN"), why.reason());
  }

  @Test
  void practice_movesToGkeAndEndsAtItsExpiryIntoTheDampedFailback() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, UP);

    Decision started = practice(s, Duration.ofMinutes(10));

    Command forced = started.commands().get(0);
    assertEquals(Routing.allGke(), forced.routing());
    assertTrue(forced.reason().contains("practice: weekly"), forced.reason());
    assertTrue(s.state.holds().effective().practice());
    s.roundsFor(Duration.ofMinutes(10).plusSeconds(1), UP, UP);

    assertFalse(s.state.frozen());
    assertTrue(
        reasonsStarting(s, OverrideRules.OVERRIDE_EXPIRED)
            .get(0)
            .reason()
            .contains("practice run"));
    assertEquals(Mode.FAILING_BACK, s.commands.get(1).mode(), "released to the damped failback");
    assertEquals(List.of(), s.state.failoverStarts(), "a practice run is not a failover");
  }

  @Test
  void practice_abortedAtOnceWhenGkeGoesDown() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, UP);
    practice(s, Duration.ofMinutes(10));
    s.rounds(2, UP, UP);

    s.rounds(3, UP, DOWN); // gke's verdict turns DOWN on the third round

    Transition aborted = reasonsStarting(s, OverrideRules.PRACTICE_ABORTED).get(0);
    assertTrue(aborted.reason().contains("gke is DOWN"), aborted.reason());
    assertFalse(s.state.frozen());
    Command home = s.lastCommand();
    assertEquals(
        Routing.allDesktop(), home.routing(), "like a RELEASE: traffic leaves the DOWN gke");
    assertEquals(aborted.at(), home.issuedAt());
  }

  @Test
  void precedence_anOperatorsOverrideReplacesAPracticeRun() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, UP);
    practice(s, Duration.ofMinutes(10));

    send(s, OverrideAction.FORCE_DESKTOP, null);

    assertEquals(DESKTOP, s.state.forced());
    assertFalse(s.state.holds().effective().practice());
    s.rounds(3, UP, DOWN);
    assertEquals(List.of(), reasonsStarting(s, OverrideRules.PRACTICE_ABORTED));
    assertTrue(s.state.frozen(), "the operator's force holds whatever gke does");
  }

  @Test
  void precedence_aPracticeRunNeverReplacesAnOperatorsFreezeOrForce() {
    for (OverrideAction held :
        List.of(OverrideAction.FREEZE, OverrideAction.FORCE_DESKTOP, OverrideAction.FORCE_GKE)) {
      Scenario s = Scenario.threeProbers();
      s.rounds(3, UP, UP);
      send(s, held, null);
      int commands = s.commands.size();

      Decision refused = practice(s, Duration.ofMinutes(10));

      assertEquals(commands, s.commands.size(), held.name());
      assertEquals(held, s.state.holds().effective().action(), held.name());
      assertTrue(
          refused.transitions().get(0).reason().contains("which a practice run never replaces"),
          refused.transitions().toString());
    }
  }

  @Test
  void precedence_aPracticeRunForAllServicesIsRefused() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, UP);

    Decision refused =
        send(
            s,
            RecordKeys.ALL_SERVICES,
            OverrideAction.FORCE_GKE,
            "practice: all",
            Duration.ofMinutes(5));

    assertEquals(List.of(), refused.commands());
    assertTrue(refused.transitions().get(0).reason().contains("not for all"));
  }

  @Test
  void precedence_automaticRulesRunOnlyWhileNoOverrideHolds() {
    // The table, row by row: what moves routing while the desktop goes DOWN.
    record Row(OverrideAction action, String reason, boolean moves) {}
    for (Row row :
        List.of(
            new Row(null, "no override", true),
            new Row(OverrideAction.FREEZE, "operator freeze", false),
            new Row(OverrideAction.FORCE_DESKTOP, "operator force", false))) {
      Scenario s = Scenario.threeProbers();
      s.rounds(3, UP, UP);
      if (row.action() != null) {
        send(s, row.action(), Duration.ofHours(1));
      }
      int before = s.commands.size();
      s.rounds(3, DOWN, UP);
      assertEquals(row.moves(), s.commands.size() > before, row.reason());
    }
  }

  @Test
  void theHoldsSurviveTheStateStore() {
    Scenario s = Scenario.threeProbers();
    s.throughStateStore = true;
    s.rounds(3, UP, UP);
    send(s, RecordKeys.ALL_SERVICES, OverrideAction.FREEZE, "upgrade", Duration.ofMinutes(30));
    practice(s, Duration.ofMinutes(10)); // refused: frozen by an operator
    send(s, Scenario.SERVICE, OverrideAction.FORCE_GKE, "move", Duration.ofMinutes(10));

    assertEquals(OverrideAction.FREEZE, s.state.holds().all().action());
    assertEquals(Cluster.GKE, s.state.holds().service().forced());
    s.advance(Duration.ofMinutes(10));
    assertTrue(s.state.frozen());
    s.advance(Duration.ofMinutes(20));
    assertFalse(s.state.frozen());
  }
}
