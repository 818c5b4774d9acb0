package io.hybridfailover.prober.probe;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When each target's probes start. The first probe of a target lands anywhere in its first
 * interval, so targets spread over the interval from start-up; every following gap is the interval
 * moved by up to {@code ±fraction} of it, so targets that happen to line up drift apart again.
 */
public final class Jitter {

  /** The largest fraction allowed: beyond it two probes of a target could come close together. */
  public static final double MAX_FRACTION = 0.5;

  private final double fraction;
  private final RandomGenerator random;

  /**
   * @throws IllegalArgumentException naming {@code hybrid.prober.jitter} if {@code fraction} is
   *     outside {@code [0, 0.5]}
   */
  public Jitter(double fraction, RandomGenerator random) {
    this.fraction = checkFraction(fraction);
    this.random = random;
  }

  /**
   * @return {@code fraction}
   * @throws IllegalArgumentException naming {@code hybrid.prober.jitter} if {@code fraction} is
   *     outside {@code [0, 0.5]}
   */
  public static double checkFraction(double fraction) {
    if (!(fraction >= 0 && fraction <= MAX_FRACTION)) {
      throw new IllegalArgumentException(
          "hybrid.prober.jitter: must be between 0 and " + MAX_FRACTION + " but was " + fraction);
    }
    return fraction;
  }

  /** Delay before a target's first probe: uniform in {@code [0, interval)}. */
  public long firstDelayNanos(Duration interval) {
    return (long) (random.nextDouble() * interval.toNanos());
  }

  /** Gap between two planned probe starts: uniform in {@code interval × [1 - f, 1 + f]}. */
  public long nextDelayNanos(Duration interval) {
    double factor = 1 + fraction * (2 * random.nextDouble() - 1);
    return Math.round(interval.toNanos() * factor);
  }
}
