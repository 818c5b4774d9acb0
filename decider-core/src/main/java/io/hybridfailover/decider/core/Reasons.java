package io.hybridfailover.decider.core;

import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Transition;
import io.hybridfailover.events.Verdict;
import io.hybridfailover.events.Vote;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the decider's transitions and commands say, in words an operator reads in a post-mortem and
 * alerting matches on (the prefixes are {@link Decider}'s public constants), and the transitions
 * that only report: their {@code from} and {@code to} are the current verdict. The texts are part
 * of the decisions: the replay tool compares them byte for byte.
 *
 * <p>Anchors in {@code docs/decision-rules.md}: {@code #rule-transitions}, {@code #rule-checks},
 * {@code #rule-both-down}, {@code #rule-karmada-cluster}, {@code #rule-clocks}, {@code
 * #rule-delayed}, {@code #rule-damping}, {@code #rule-results}.
 */
final class Reasons {

  private Reasons() {}

  /** A transition that reports, not a verdict change: from and to are the current verdict. */
  static Transition alert(
      ServiceState state,
      Cluster cluster,
      String reason,
      Instant now,
      DeciderSettings serviceSettings) {
    Verdict verdict = state.verdict(cluster);
    return new Transition(
        state.service(),
        cluster,
        verdict,
        verdict,
        VoteTally.of(state.health(cluster), now, serviceSettings).votes(),
        reason,
        now);
  }

  /** The Karmada Cluster Ready signal of {@code cluster} changed. */
  static Transition karmada(
      ServiceState state, Cluster cluster, Map<String, Vote> notReady, Instant now) {
    Verdict verdict = state.verdict(cluster);
    String reason =
        notReady.isEmpty()
            ? Decider.KARMADA_CLUSTER
                + ": the "
                + cluster.wireName()
                + " Cluster is Ready again in Karmada"
            : Decider.KARMADA_CLUSTER
                + ": the "
                + cluster.wireName()
                + " Cluster is not Ready in Karmada (seen by "
                + String.join(", ", notReady.keySet())
                + ")"
                + (cluster == Cluster.DESKTOP
                    ? ": failback held until it is Ready"
                    : "; no failover on this signal alone");
    return new Transition(state.service(), cluster, verdict, verdict, notReady, reason, now);
  }

  /**
   * The reason of a verdict change: the tally, whether the other side is DOWN too, and the checks
   * that do not vote.
   */
  static String verdictChange(
      ServiceState state,
      Cluster cluster,
      VoteTally tally,
      Instant now,
      DeciderSettings serviceSettings) {
    Cluster other = cluster == Cluster.DESKTOP ? Cluster.GKE : Cluster.DESKTOP;
    boolean bothDown =
        state.verdict(cluster) == Verdict.DOWN && state.verdict(other) == Verdict.DOWN;
    return tally.reason(serviceSettings)
        + (bothDown
            ? "; " + other.wireName() + " is DOWN too: no side is better, routing unchanged"
            : "")
        + otherChecks(state.health(cluster), now, serviceSettings);
  }

  /**
   * How a command's reason starts: both verdicts and their quorums, e.g. {@code desktop DOWN
   * (quorum 2/3), gke UP (quorum 2/3): }.
   */
  static String verdicts(Map<Cluster, VoteTally> tallies, DeciderSettings settings) {
    return tallies.get(Cluster.DESKTOP).describe(Cluster.DESKTOP, settings)
        + ", "
        + tallies.get(Cluster.GKE).describe(Cluster.GKE, settings)
        + ": ";
  }

  /** Why the desktop waited as long as it did: the damped delay and the failovers behind it. */
  static String damped(Duration delay, int failoversInWindow, DeciderSettings settings) {
    return "desktop UP for the damped failback delay of "
        + Durations.format(delay)
        + " ("
        + failoversInWindow
        + " failover(s) within "
        + Durations.format(settings.flapWindow())
        + ")";
  }

  /** A command re-issued because an actuator refused the latest one as stale. */
  static String reissued(ActuationResult result) {
    return "re-issued above the resource's epoch "
        + result.resourceEpoch()
        + ": "
        + result.actuator()
        + " refused epoch "
        + result.epoch()
        + " as stale";
  }

  /**
   * A prober's new clock offset was adopted: the {@code clock-skew} reason names the prober and the
   * offset, and says that its observations are used, corrected by it.
   */
  static String offsetLearned(
      String prober, ProberOffset before, ProberOffset learned, Instant now) {
    Duration offset = learned.offset();
    String direction =
        offset.isNegative()
            ? "runs " + Durations.format(offset.negated()) + " ahead of the decider's"
            : "is no longer ahead of the decider's";
    return Decider.CLOCK_SKEW
        + ": "
        + prober
        + "'s clock "
        + direction
        + ", "
        + (before.candidateSince() == null
            ? "step by step"
            : "steadily for " + Durations.format(Duration.between(before.candidateSince(), now)))
        + " (learned offset "
        + Durations.format(offset)
        + ", was "
        + Durations.format(Duration.ofMillis(before.reportedMillis()))
        + "): its observations are used, their observedAt corrected by the offset";
  }

  /** An observation from the future: the {@code clock-skew} reason says it is not used. */
  static String aheadOfClock(
      String prober, Duration ahead, ProberOffset offset, DeciderSettings serviceSettings) {
    return Decider.CLOCK_SKEW
        + ": "
        + prober
        + "'s observation is "
        + Durations.format(ahead)
        + " ahead of the decider's clock"
        + (offset.offsetMillis() == 0
            ? ""
            : " after its learned offset of " + Durations.format(offset.offset()))
        + " (max-clock-skew "
        + Durations.format(serviceSettings.maxClockSkew())
        + "): its observations are not used until its clock is back within bounds";
  }

  /**
   * Every observation of {@code prober} has arrived stale for a while: the {@code delayed} reason.
   */
  static String delayed(
      String prober, Instant arrivingStaleSince, Duration age, DeciderSettings serviceSettings) {
    return Decider.DELAYED
        + ": every observation of "
        + prober
        + " has arrived older than stale-after ("
        + Durations.format(serviceSettings.staleAfter())
        + ") since "
        + arrivingStaleSince
        + ", the latest "
        + Durations.format(age)
        + " old: its clock is behind or its deliveries are delayed; its votes count"
        + " for nothing";
  }

  /**
   * The {@code tcp} runs, shown on a verdict's transition though they never vote, e.g. {@code ; tcp
   * (not voting): prober-a DOWN, prober-b UP}; empty if no prober reports {@code tcp}.
   */
  private static String otherChecks(
      ClusterHealth health, Instant now, DeciderSettings serviceSettings) {
    String suffix = " " + Check.TCP.wireName();
    List<String> votes = new ArrayList<>();
    health
        .otherChecks()
        .forEach(
            (key, track) -> {
              if (key.endsWith(suffix)) {
                votes.add(
                    key.substring(0, key.length() - suffix.length())
                        + " "
                        + track.voteAt(now, serviceSettings.staleAfter()));
              }
            });
    return votes.isEmpty() ? "" : "; tcp (not voting): " + String.join(", ", votes);
  }
}
