package io.hybridfailover.decider.core;

import io.hybridfailover.events.Verdict;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The decider's view of one service on one cluster.
 *
 * @param verdict the current verdict ({@link Verdict#UNKNOWN} until a quorum was reached)
 * @param since when the verdict last changed; {@code null} if it never did. While the verdict is UP
 *     this is the "UP since" that the failback delay, steps and drain are measured from
 * @param causedBy id of the observation whose arrival changed the verdict last; {@code null} if it
 *     never changed or changed by the passage of time (votes going stale)
 * @param probers each prober's track, by prober id
 */
public record ClusterHealth(
    Verdict verdict, Instant since, String causedBy, Map<String, ProberTrack> probers) {

  public ClusterHealth {
    Objects.requireNonNull(verdict, "verdict");
    probers = Collections.unmodifiableMap(new TreeMap<>(probers == null ? Map.of() : probers));
  }

  /** Nothing heard yet. */
  static ClusterHealth unknown() {
    return new ClusterHealth(Verdict.UNKNOWN, null, null, Map.of());
  }

  ClusterHealth withProber(String prober, ProberTrack track) {
    Map<String, ProberTrack> copy = new TreeMap<>(probers);
    copy.put(prober, track);
    return new ClusterHealth(verdict, since, causedBy, copy);
  }

  ClusterHealth withVerdict(Verdict newVerdict, Instant at, String eventId) {
    return new ClusterHealth(newVerdict, at, eventId, probers);
  }
}
