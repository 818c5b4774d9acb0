package io.hybridfailover.decider.core;

import static io.hybridfailover.events.Cluster.DESKTOP;
import static io.hybridfailover.events.Cluster.GKE;
import static io.hybridfailover.events.Outcome.DOWN;
import static io.hybridfailover.events.Outcome.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.Transition;
import io.hybridfailover.events.Verdict;
import io.hybridfailover.events.Vote;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The verdict rules, one test each ({@code docs/decision-rules.md#verdicts}): {@code #rule-votes},
 * {@code #rule-staleness}, {@code #rule-quorum}, {@code #rule-conflicting-quorums}, {@code
 * #rule-transitions}, {@code #rule-late-observations}, {@code #rule-karmada-cluster}.
 */
class VerdictRulesTest {

  @Test
  void perProberFall_votesDownOnlyAfterFallConsecutiveDowns() {
    Scenario s = Scenario.oneProber("fall", "3");
    s.observe("prober-a", DESKTOP, DOWN);
    s.advance(Duration.ofSeconds(1));
    s.observe("prober-a", DESKTOP, DOWN);
    s.advance(Duration.ofSeconds(1));
    s.observe("prober-a", DESKTOP, UP); // breaks the run
    s.advance(Duration.ofSeconds(1));
    s.observe("prober-a", DESKTOP, DOWN);
    s.advance(Duration.ofSeconds(1));
    s.observe("prober-a", DESKTOP, DOWN);
    assertEquals(Verdict.UNKNOWN, s.verdict(DESKTOP));
    assertEquals(List.of(), s.transitions);

    s.advance(Duration.ofSeconds(1));
    s.observe("prober-a", DESKTOP, DOWN);

    assertEquals(Verdict.DOWN, s.verdict(DESKTOP));
    Transition down = s.lastTransition();
    assertEquals(Map.of("prober-a", Vote.DOWN), down.votes());
    assertEquals("1 of 1 probers saw 3 consecutive failures", down.reason());
  }

  @Test
  void perProberRise_votesUpOnlyAfterRiseConsecutiveUpsAndKeepsItsVoteUntilThen() {
    Scenario s = Scenario.oneProber("rise", "3", "fall", "2");
    s.rounds(2, DOWN, null);
    assertEquals(Verdict.DOWN, s.verdict(DESKTOP));

    s.rounds(2, UP, null);
    assertEquals(Verdict.DOWN, s.verdict(DESKTOP), "the DOWN vote stands until rise UPs");
    s.round(UP, null);

    assertEquals(Verdict.UP, s.verdict(DESKTOP));
    assertEquals("1 of 1 probers saw 3 consecutive successes", s.lastTransition().reason());
  }

  @Test
  void perProber_noVoteBeforeFallOrRise() {
    Scenario s = Scenario.threeProbers();
    s.observe("prober-b", DESKTOP, DOWN);
    for (int i = 0; i < 3; i++) {
      s.observe("prober-a", DESKTOP, DOWN);
      s.observe("prober-c", DESKTOP, DOWN);
      s.advance(Duration.ofMillis(100));
    }

    Transition down = s.lastTransition();
    assertEquals(
        Map.of("prober-a", Vote.DOWN, "prober-b", Vote.NONE, "prober-c", Vote.DOWN), down.votes());
  }

  @Test
  void staleness_voteExpiresStaleAfterItsLastObservationByTheDecidersClock() {
    Scenario s = Scenario.threeProbers("stale-after", "5s");
    s.probeAll(UP, null);
    s.probeAll(UP, null); // same observedAt: duplicates, ignored
    s.advance(Duration.ofSeconds(1));
    s.probeAll(UP, null);
    s.advance(Duration.ofSeconds(1));
    s.probeAll(UP, null);
    assertEquals(Verdict.UP, s.verdict(DESKTOP));
    var lastObservation = s.now;

    s.advance(Duration.ofSeconds(5)); // exactly stale-after: still fresh
    assertEquals(Verdict.UP, s.verdict(DESKTOP));
    s.now = lastObservation.plus(Duration.ofSeconds(5)).plusMillis(1);
    s.tick();

    assertEquals(Verdict.UNKNOWN, s.verdict(DESKTOP));
    Transition expired = s.lastTransition();
    assertEquals(Verdict.UP, expired.from());
    assertEquals(Verdict.UNKNOWN, expired.to());
    assertEquals(
        Map.of("prober-a", Vote.STALE, "prober-b", Vote.STALE, "prober-c", Vote.STALE),
        expired.votes());
  }

  @Test
  void staleness_aProberSilentLongerThanStaleAfterMustEarnItsVoteAgain() {
    Scenario s = Scenario.oneProber("stale-after", "5s", "fall", "3");
    s.rounds(3, DOWN, null);
    assertEquals(Verdict.DOWN, s.verdict(DESKTOP));
    s.advance(Duration.ofSeconds(10));
    assertEquals(Verdict.UNKNOWN, s.verdict(DESKTOP));

    s.rounds(2, DOWN, null);
    assertEquals(Verdict.UNKNOWN, s.verdict(DESKTOP), "a new run after the silence");
    s.round(DOWN, null);
    assertEquals(Verdict.DOWN, s.verdict(DESKTOP));
  }

  @Test
  void quorum_singleProberOfThreeCannotChangeVerdict() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, UP);
    int transitions = s.transitions.size();

    for (int i = 0; i < 10; i++) {
      s.observe("prober-a", DESKTOP, DOWN);
      s.observe("prober-b", DESKTOP, UP);
      s.observe("prober-c", DESKTOP, UP);
      s.probeAll(null, UP);
      s.advance(Duration.ofSeconds(1));
    }

    assertEquals(Verdict.UP, s.verdict(DESKTOP));
    assertEquals(transitions, s.transitions.size());
    assertEquals(List.of(), s.commands);
  }

  @Test
  void quorum_verdictNeedsAQuorumOfFreshAgreeingVotes() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, UP);
    for (int i = 0; i < 3; i++) {
      s.observe("prober-a", DESKTOP, DOWN);
      s.observe("prober-b", DESKTOP, DOWN);
      s.observe("prober-c", DESKTOP, UP);
      s.advance(Duration.ofSeconds(1));
    }

    assertEquals(Verdict.DOWN, s.verdict(DESKTOP));
    Transition down = s.lastTransition();
    assertEquals(DESKTOP, down.cluster());
    assertEquals("2 of 3 probers saw 3 consecutive failures", down.reason());
  }

  @Test
  void verdict_unknownWithoutAQuorumOfFreshVotes() {
    Scenario s = Scenario.threeProbers("stale-after", "5s");
    s.rounds(3, UP, null);
    s.advance(Duration.ofSeconds(6)); // every vote stale
    for (int i = 0; i < 3; i++) {
      s.observe("prober-a", DESKTOP, UP);
      s.observe("prober-b", DESKTOP, DOWN);
      s.advance(Duration.ofSeconds(1));
    }

    assertEquals(Verdict.UNKNOWN, s.verdict(DESKTOP));
    assertEquals(
        "no quorum of 2 agreeing fresh votes (UP 1, DOWN 1, STALE 1, NONE 0; 3 probers expected)",
        VoteTally.of(s.state.desktop(), s.now, settings3()).reason(settings3()));
  }

  @Test
  void verdict_upAndDownNeverBothHold_conflictingQuorumsAreUnknown() {
    // Four probers report although three are expected: 2 UP and 2 DOWN both reach quorum 2.
    Scenario s =
        new Scenario(Scenario.settings(3), List.of("prober-a", "prober-b", "prober-c", "prober-d"));
    for (int i = 0; i < 3; i++) {
      s.observe("prober-a", DESKTOP, UP);
      s.observe("prober-b", DESKTOP, UP);
      s.observe("prober-c", DESKTOP, DOWN);
      s.observe("prober-d", DESKTOP, DOWN);
      s.advance(Duration.ofSeconds(1));
    }

    assertEquals(Verdict.UNKNOWN, s.verdict(DESKTOP));
  }

  @Test
  void transitions_everyVerdictChangeIsPublished() {
    Scenario s = Scenario.threeProbers("stale-after", "5s");
    s.rounds(3, UP, null);
    s.rounds(3, DOWN, null);
    s.advance(Duration.ofSeconds(10));
    s.rounds(3, UP, null);

    assertEquals(
        List.of("UNKNOWN>UP", "UP>DOWN", "DOWN>UNKNOWN", "UNKNOWN>UP"),
        s.transitions.stream()
            .filter(t -> t.cluster() == DESKTOP)
            .map(t -> t.from() + ">" + t.to())
            .toList());
    assertTrue(s.transitions.stream().allMatch(t -> t.service().equals(Scenario.SERVICE)));
  }

  @Test
  void lateObservation_olderThanTheNewestFromTheSameProberForTheSameTargetIsIgnored() {
    Scenario s = Scenario.oneProber("fall", "3");
    var t1 = s.now;
    s.observeAt("prober-a", DESKTOP, DOWN, t1);
    var t2 = t1.plusSeconds(1);
    s.observeAt("prober-a", DESKTOP, DOWN, t2);
    ServiceState before = s.state;

    Decision late = s.observeAt("prober-a", DESKTOP, DOWN, t1.minusSeconds(1));
    Decision duplicate = s.observeAt("prober-a", DESKTOP, DOWN, t2);

    assertSame(before, late.serviceState());
    assertSame(before, duplicate.serviceState());
    assertTrue(late.transitions().isEmpty() && late.commands().isEmpty());
    assertEquals(2, s.state.desktop().probers().get("prober-a").downs());
    assertEquals(Verdict.UNKNOWN, s.verdict(DESKTOP));

    // Another target of the same prober, and the next newer observation, still count.
    s.observeAt("prober-a", GKE, DOWN, t1.minusSeconds(1));
    assertEquals(1, s.state.gke().probers().get("prober-a").downs());
    s.observeAt("prober-a", DESKTOP, DOWN, t2.plusSeconds(1));
    assertEquals(Verdict.DOWN, s.verdict(DESKTOP));
  }

  @Test
  void karmadaClusterObservations_neverChangeAVerdictNorIssueACommand() {
    Scenario s = Scenario.oneProber("fall", "1");
    ServiceState before = s.state;
    Event<Observation> clusterDown =
        Event.of(
            "karmada-1",
            "/health-prober/prober-a",
            new Observation(
                "*",
                Cluster.DESKTOP,
                Check.KARMADA_CLUSTER,
                "prober-a",
                Outcome.DOWN,
                0,
                null,
                null,
                s.now));

    Decision decision = s.decider.onObservation(before, clusterDown, s.now);

    // v1.1 clarification 5 (changed): the signal is kept and reported, but never votes.
    assertEquals(Verdict.UNKNOWN, decision.serviceState().verdict(Cluster.DESKTOP));
    assertTrue(decision.commands().isEmpty());
    assertTrue(decision.state().isEmpty());
    assertEquals(1, decision.transitions().size());
    assertTrue(decision.transitions().get(0).reason().startsWith(Decider.KARMADA_CLUSTER));
  }

  private static DeciderSettings settings3() {
    return Scenario.settings(3, "stale-after", "5s");
  }
}
