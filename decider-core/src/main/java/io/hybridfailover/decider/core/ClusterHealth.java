package io.hybridfailover.decider.core;

import io.hybridfailover.events.Check;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.Verdict;
import io.hybridfailover.events.Vote;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The decider's view of one service on one cluster.
 *
 * @param verdict the current verdict ({@link Verdict#UNKNOWN} until a quorum was reached), from the
 *     {@code http} check only
 * @param since when the verdict last changed; {@code null} if it never did. While the verdict is UP
 *     this is the "UP since" that the failback delay, steps and drain are measured from
 * @param causedBy id of the observation whose arrival changed the verdict last; {@code null} if it
 *     never changed or changed by the passage of time (votes going stale)
 * @param probers each prober's track of the {@code http} check, by prober id
 * @param otherChecks each prober's track of the other checks ({@code tcp}, {@code
 *     karmada-cluster}), by {@link #checkKey}: kept apart so that their runs never mix with the
 *     {@code http} runs, shown but never voting
 */
public record ClusterHealth(
    Verdict verdict,
    Instant since,
    String causedBy,
    Map<String, ProberTrack> probers,
    Map<String, ProberTrack> otherChecks) {

  public ClusterHealth {
    // Sorted maps: the state codec writes them in key order without copying them first.
    Objects.requireNonNull(verdict, "verdict");
    probers =
        Collections.unmodifiableSortedMap(new TreeMap<>(probers == null ? Map.of() : probers));
    otherChecks =
        Collections.unmodifiableSortedMap(
            new TreeMap<>(otherChecks == null ? Map.of() : otherChecks));
  }

  /** Nothing heard yet. */
  static ClusterHealth unknown() {
    return new ClusterHealth(Verdict.UNKNOWN, null, null, Map.of(), Map.of());
  }

  /** The key of a prober's track of a check other than {@code http}, e.g. {@code prober-a tcp}. */
  static String checkKey(String prober, Check check) {
    return prober + " " + check.wireName();
  }

  /** {@code prober}'s track of {@code check}; {@code null} if it never reported that check. */
  ProberTrack track(String prober, Check check) {
    return check == Check.HTTP ? probers.get(prober) : otherChecks.get(checkKey(prober, check));
  }

  ClusterHealth withTrack(String prober, Check check, ProberTrack track) {
    if (check == Check.HTTP) {
      return withProber(prober, track);
    }
    Map<String, ProberTrack> copy = new TreeMap<>(otherChecks);
    copy.put(checkKey(prober, check), track);
    return new ClusterHealth(verdict, since, causedBy, probers, copy);
  }

  ClusterHealth withProber(String prober, ProberTrack track) {
    Map<String, ProberTrack> copy = new TreeMap<>(probers);
    copy.put(prober, track);
    return new ClusterHealth(verdict, since, causedBy, copy, otherChecks);
  }

  ClusterHealth withVerdict(Verdict newVerdict, Instant at, String eventId) {
    return new ClusterHealth(newVerdict, at, eventId, probers, otherChecks);
  }

  /**
   * The probers whose latest {@code karmada-cluster} observation of this cluster said not Ready,
   * with their votes; empty if the signal is Ready or not enabled (never heard).
   */
  Map<String, Vote> karmadaNotReady() {
    Map<String, Vote> notReady = new TreeMap<>();
    String suffix = " " + Check.KARMADA_CLUSTER.wireName();
    otherChecks.forEach(
        (key, track) -> {
          if (key.endsWith(suffix) && track.lastOutcome() == Outcome.DOWN) {
            notReady.put(key.substring(0, key.length() - suffix.length()), Vote.DOWN);
          }
        });
    return notReady;
  }
}
