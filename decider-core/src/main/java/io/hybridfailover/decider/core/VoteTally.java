package io.hybridfailover.decider.core;

import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Verdict;
import io.hybridfailover.events.Vote;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The probers' votes on one target at one instant, and the verdict they add up to: the quorum rule
 * of the decision semantics. A prober that is silent makes its vote STALE, never DOWN, so no single
 * observer (and no dead one) can move production.
 *
 * @param votes each known prober's vote at that instant, by prober id
 * @param up fresh UP votes
 * @param down fresh DOWN votes
 * @param verdict DOWN or UP with at least a quorum of fresh votes for it, otherwise UNKNOWN
 */
record VoteTally(Map<String, Vote> votes, int up, int down, Verdict verdict) {

  static VoteTally of(ClusterHealth health, Instant now, DeciderSettings settings) {
    Map<String, Vote> votes = new TreeMap<>();
    health
        .probers()
        .forEach((prober, track) -> votes.put(prober, track.voteAt(now, settings.staleAfter())));
    int up = count(votes, Vote.UP);
    int down = count(votes, Vote.DOWN);
    int quorum = settings.quorum();
    // Both can only reach the quorum if more probers report than expected-probers: trust neither.
    Verdict verdict =
        down >= quorum && up < quorum
            ? Verdict.DOWN
            : up >= quorum && down < quorum ? Verdict.UP : Verdict.UNKNOWN;
    return new VoteTally(Collections.unmodifiableMap(votes), up, down, verdict);
  }

  /** For a command's reason, e.g. {@code desktop DOWN (quorum 2/3)}. */
  String describe(Cluster cluster, DeciderSettings settings) {
    int agreeing =
        switch (verdict) {
          case UP -> up;
          case DOWN -> down;
          case UNKNOWN -> 0;
        };
    return cluster.wireName()
        + " "
        + verdict
        + (verdict == Verdict.UNKNOWN
            ? " (no quorum)"
            : " (quorum " + agreeing + "/" + settings.expectedProbers() + ")");
  }

  /** For a transition's reason, e.g. {@code 2 of 3 probers saw 3 consecutive failures}. */
  String reason(DeciderSettings settings) {
    int expected = settings.expectedProbers();
    return switch (verdict) {
      case DOWN ->
          down + " of " + expected + " probers saw " + settings.fall() + " consecutive failures";
      case UP ->
          up + " of " + expected + " probers saw " + settings.rise() + " consecutive successes";
      case UNKNOWN ->
          "no quorum of "
              + settings.quorum()
              + " agreeing fresh votes (UP "
              + up
              + ", DOWN "
              + down
              + ", STALE "
              + count(votes, Vote.STALE)
              + ", NONE "
              + count(votes, Vote.NONE)
              + "; "
              + expected
              + " probers expected)";
    };
  }

  private static int count(Map<String, Vote> votes, Vote vote) {
    return (int) votes.values().stream().filter(vote::equals).count();
  }
}
