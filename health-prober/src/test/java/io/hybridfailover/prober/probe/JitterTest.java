package io.hybridfailover.prober.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JitterTest {

  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final long NANOS = INTERVAL.toNanos();

  @Test
  void firstProbesOfManyTargetsSpreadOverTheWholeInterval() {
    SplittableRandom seeds = new SplittableRandom(1);
    int[] perTenth = new int[10];
    for (int i = 0; i < 500; i++) {
      long delay = new Jitter(0.1, seeds.split()).firstDelayNanos(INTERVAL);
      assertTrue(delay >= 0 && delay < NANOS, "first delay within the interval: " + delay);
      perTenth[(int) (delay * 10 / NANOS)]++;
    }
    for (int tenth = 0; tenth < 10; tenth++) {
      // 50 expected per tenth; lockstep would put all 500 in one.
      assertTrue(
          perTenth[tenth] > 20 && perTenth[tenth] < 80, "tenth " + tenth + ": " + perTenth[tenth]);
    }
  }

  @Test
  void gapsStayWithinTheFractionAndVary() {
    Jitter jitter = new Jitter(0.1, new SplittableRandom(2));
    Set<Long> gaps = new HashSet<>();
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < 1000; i++) {
      long gap = jitter.nextDelayNanos(INTERVAL);
      min = Math.min(min, gap);
      max = Math.max(max, gap);
      gaps.add(gap);
    }
    assertTrue(min >= NANOS * 0.9 && max <= NANOS * 1.1, min + ".." + max);
    assertTrue(
        min < NANOS * 0.92 && max > NANOS * 1.08, "uses the whole band: " + min + ".." + max);
    assertTrue(gaps.size() > 900, "gaps vary: " + gaps.size() + " distinct");
  }

  @Test
  void noJitterKeepsTheExactInterval() {
    Jitter jitter = new Jitter(0, new SplittableRandom(3));

    assertEquals(NANOS, jitter.nextDelayNanos(INTERVAL));
  }

  @Test
  void aFractionOutsideZeroToHalfNamesTheKey() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> new Jitter(0.6, new SplittableRandom()));

    assertEquals("hybrid.prober.jitter: must be between 0 and 0.5 but was 0.6", error.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Jitter(-0.1, new SplittableRandom()));
  }
}
