package io.hybridfailover.decider.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the decider has learned of how far one prober's clock runs ahead, so that such a prober
 * still counts (a deliberate departure from v1.1 clarification 2, for issue 14: no single clock may
 * stop the system deciding).
 *
 * <p>The offset is learned from what the decider measures without trusting the prober's clock: each
 * observation's arrival (the decider's {@code now}) minus its {@code observedAt}, a
 * <em>sample</em>. A sample is the prober's clock offset plus the delivery delay, which is never
 * negative, so the offset is the smallest of the samples that most of the recent ones agree on
 * (within {@code max-clock-skew} of their median): queueing delays do not masquerade as skew, and a
 * few odd records move nothing. It is never above zero: a prober that looks behind may as well be
 * late, and late is stale (v1.1), so a prober whose clock is behind is judged as v1.1 says. While
 * most recent samples agree with the learned offset it follows them (a clock that drifts). When
 * they agree on another (a clock that jumped, or a prober first heard from with its clock ahead),
 * that <em>candidate</em> is adopted only once at least {@value #AGREEING} of the last {@value
 * #SAMPLES} samples agree on it and it has been steady: for {@code stale-after} if the prober now
 * looks further ahead (a delivery can be late, never early: only a clock explains it), for {@value
 * #BEHIND_STEADY_FACTOR} times {@code stale-after} if it looks less far ahead (a clock set right
 * and deliveries late by as much look alike). Until then the prober is judged by the offset learned
 * before, as v1.1 says for a clock off.
 *
 * @param offsetMillis the learned offset, arrival minus {@code observedAt} in milliseconds:
 *     negative when the prober's clock is ahead, positive when it is behind (or its deliveries
 *     late); 0 until learned otherwise. An observation is judged as made at {@code observedAt +
 *     offset}
 * @param samplesMillis the most recent samples, oldest first, at most {@value #SAMPLES}
 * @param candidateMillis the offset the recent samples agree on when it differs from the learned
 *     one by more than {@code max-clock-skew}; {@code null} while they agree with the learned one
 * @param candidateSince since when (by the decider's clock) the samples have agreed on the
 *     candidate; {@code null} without a candidate
 * @param reportedMillis the offset last reported in a {@code clock-skew} transition (0 before):
 *     reported again once the learned offset, adopted or followed, is more than {@code
 *     max-clock-skew} away from it
 * @param reportedAt when it was last reported (by the decider's clock); {@code null} before: a move
 *     step by step (a backlog draining) is reported at most once per {@code stale-after}
 */
public record ProberOffset(
    long offsetMillis,
    List<Long> samplesMillis,
    Long candidateMillis,
    Instant candidateSince,
    long reportedMillis,
    Instant reportedAt) {

  /** How many recent samples the offset is estimated from. */
  static final int SAMPLES = 8;

  /** How many of them must agree on a new offset before it can be adopted. */
  static final int AGREEING = 6;

  /** A new offset less far ahead than the learned one must be steady this many stale-afters. */
  static final int BEHIND_STEADY_FACTOR = 5;

  /** Nothing learned yet: the prober's clock is taken as it is. */
  static final ProberOffset NONE = new ProberOffset(0, List.of(), null, null, 0, null);

  public ProberOffset {
    samplesMillis = samplesMillis == null ? List.of() : List.copyOf(samplesMillis);
    if (candidateMillis == null) {
      candidateSince = null;
    }
  }

  /** The learned offset. */
  Duration offset() {
    return Duration.ofMillis(offsetMillis);
  }

  /** When the decider reckons an observation stamped {@code observedAt} was made, by its clock. */
  Instant corrected(Instant observedAt) {
    return observedAt.plusMillis(offsetMillis);
  }

  /** Whether {@code sampleMillis} agrees with the learned offset within {@code maxClockSkew}. */
  boolean agrees(long sampleMillis, Duration maxClockSkew) {
    return Math.abs(sampleMillis - offsetMillis) <= maxClockSkew.toMillis();
  }

  /**
   * The offset after one more sample taken at {@code now}: refined while the recent samples agree
   * with it, a candidate while they agree on another, that candidate adopted once steady (see the
   * class comment).
   */
  ProberOffset learn(long sampleMillis, Instant now, DeciderSettings settings) {
    List<Long> samples = new ArrayList<>(samplesMillis);
    samples.add(sampleMillis);
    while (samples.size() > SAMPLES) {
      samples.remove(0);
    }
    long tolerance = settings.maxClockSkew().toMillis();
    List<Long> sorted = new ArrayList<>(samples);
    sorted.sort(null);
    long median = sorted.get((sorted.size() - 1) / 2);
    List<Long> agreeing =
        sorted.stream().filter(sample -> Math.abs(sample - median) <= tolerance).toList();
    // Never behind: a sample above zero is as much a late delivery as a clock behind, and late is
    // stale (v1.1). The drill showed why: a prober whose pipeline lagged 81 s, steadily, for 10 s.
    long estimate = Math.min(agreeing.get(0), 0);
    if (Math.abs(estimate - offsetMillis) <= tolerance) {
      return new ProberOffset(estimate, samples, null, null, reportedMillis, reportedAt);
    }
    // Compared with where the candidate started, so that a drifting backlog never looks steady.
    boolean sameCandidate =
        candidateMillis != null && Math.abs(estimate - candidateMillis) <= tolerance;
    Instant since = sameCandidate ? candidateSince : now;
    Duration steady =
        estimate < offsetMillis
            ? settings.staleAfter()
            : settings.staleAfter().multipliedBy(BEHIND_STEADY_FACTOR);
    if (agreeing.size() >= AGREEING && !now.isBefore(since.plus(steady))) {
      return new ProberOffset(estimate, samples, null, null, reportedMillis, reportedAt);
    }
    return new ProberOffset(
        offsetMillis,
        samples,
        sameCandidate ? candidateMillis : estimate,
        since,
        reportedMillis,
        reportedAt);
  }

  /**
   * Whether the learned offset is more than {@code maxClockSkew} away from the one last reported:
   * adopted after a jump, or followed there step by step (a backlog draining at start-up).
   */
  boolean reportDue(Duration maxClockSkew) {
    return Math.abs(offsetMillis - reportedMillis) > maxClockSkew.toMillis();
  }

  /** The same offset, reported at {@code now}. */
  ProberOffset reported(Instant now) {
    return new ProberOffset(
        offsetMillis, samplesMillis, candidateMillis, candidateSince, offsetMillis, now);
  }
}
