package io.hybridfailover.prober.probe;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Hands each target its {@link Jitter}, one generator per target (their timers fire on different
 * event-loop threads). Targets of one interval are taken in rounds of at most {@code roundSize}:
 * the targets of a round get generators of one seed and, started from one origin, plan the same
 * starts, so they are probed together.
 */
public final class Jitters {

  private final double fraction;
  private final int roundSize;
  private final SplittableRandom seeds;
  private final Map<Duration, Integer> targetsPerInterval = new HashMap<>();
  private final Map<Round, Long> roundSeeds = new HashMap<>();

  /**
   * @throws IllegalArgumentException naming the key if {@code fraction} is outside {@code [0, 0.5]}
   *     or {@code roundSize} is below 1
   */
  public Jitters(double fraction, int roundSize, SplittableRandom seeds) {
    this.fraction = Jitter.checkFraction(fraction);
    if (roundSize < 1) {
      throw new IllegalArgumentException(
          "hybrid.prober.round-size: must be at least 1 but was " + roundSize);
    }
    this.roundSize = roundSize;
    this.seeds = seeds;
  }

  /** The next target's jitter: of the round it joins, among the targets of its interval. */
  public Jitter forTarget(Duration interval) {
    int index = targetsPerInterval.merge(interval, 1, Integer::sum) - 1;
    long seed =
        roundSeeds.computeIfAbsent(new Round(interval, index / roundSize), r -> seeds.nextLong());
    return new Jitter(fraction, new SplittableRandom(seed));
  }

  private record Round(Duration interval, int number) {}
}
