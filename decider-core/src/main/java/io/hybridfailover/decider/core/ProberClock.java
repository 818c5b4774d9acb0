package io.hybridfailover.decider.core;

import java.time.Instant;

/**
 * What the decider noticed about one prober's clock, so that each problem is reported once (v1.1
 * clarification 2), not on every observation.
 *
 * @param skewReported a {@code clock-skew} transition was sent for observations from the future;
 *     cleared by the prober's next observation within {@code max-clock-skew}
 * @param arrivingStaleSince since when (by the decider's clock) every observation of the prober
 *     arrived older than {@code stale-after}; {@code null} while they arrive fresh
 * @param delayReported a {@code delayed} transition was sent for the current stale spell
 */
public record ProberClock(boolean skewReported, Instant arrivingStaleSince, boolean delayReported) {

  /** Nothing to report. */
  static final ProberClock NONE = new ProberClock(false, null, false);

  ProberClock withSkewReported(boolean reported) {
    return new ProberClock(reported, arrivingStaleSince, delayReported);
  }

  /** An observation arrived in time: any stale spell is over. */
  ProberClock arrivedFresh() {
    return new ProberClock(skewReported, null, false);
  }

  ProberClock arrivedStale(Instant now) {
    return arrivingStaleSince == null ? new ProberClock(skewReported, now, false) : this;
  }

  ProberClock withDelayReported() {
    return new ProberClock(skewReported, arrivingStaleSince, true);
  }
}
