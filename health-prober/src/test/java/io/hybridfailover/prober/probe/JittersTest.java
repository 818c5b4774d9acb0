package io.hybridfailover.prober.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JittersTest {

  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final Duration QUARTER = Duration.ofMillis(250);

  @Test
  void targetsOfOneRoundPlanTheSameStarts() {
    Jitters jitters = new Jitters(0.1, 2, new SplittableRandom(11));

    List<Long> first = plan(jitters.forTarget(SECOND));
    List<Long> otherInterval = plan(jitters.forTarget(QUARTER));
    List<Long> second = plan(jitters.forTarget(SECOND));
    List<Long> third = plan(jitters.forTarget(SECOND));
    List<Long> fourth = plan(jitters.forTarget(SECOND));

    assertEquals(first, second, "the first two targets of an interval share a round");
    assertNotEquals(first, otherInterval, "another interval has rounds of its own");
    assertNotEquals(first.get(0), third.get(0), "a full round: the third target starts the next");
    assertEquals(third, fourth);
  }

  @Test
  void roundsOfOneGiveEveryTargetItsOwnStarts() {
    Jitters jitters = new Jitters(0.1, 1, new SplittableRandom(11));

    List<Long> first = plan(jitters.forTarget(SECOND));
    List<Long> second = plan(jitters.forTarget(SECOND));

    assertNotEquals(first.get(0), second.get(0));
    assertNotEquals(first, second);
  }

  @Test
  void aRoundSizeBelowOneNamesTheKey() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class, () -> new Jitters(0.1, 0, new SplittableRandom()));

    assertEquals("hybrid.prober.round-size: must be at least 1 but was 0", error.getMessage());
  }

  @Test
  void aProberThatStalledSkipsTheMissedRoundsAndKeepsItsTargetsTogether() {
    Jitters jitters = new Jitters(0.1, 2, new SplittableRandom(5));
    Jitter early = jitters.forTarget(SECOND);
    Jitter late = jitters.forTarget(SECOND);
    long first = early.firstDelayNanos(SECOND);
    assertEquals(first, late.firstDelayNanos(SECOND));
    long stalledUntil = first + 5 * SECOND.toNanos();

    // One target's timer fires on time, the other's after a 5 s stall.
    long onTime = TargetProber.nextStart(first, first, early, SECOND);
    long afterStall = TargetProber.nextStart(first, stalledUntil, late, SECOND);

    assertTrue(afterStall >= stalledUntil, "no start in the past");
    assertTrue(
        afterStall - stalledUntil <= SECOND.toNanos() * 11 / 10, "the next round, not later");
    long caughtUp = onTime;
    while (caughtUp < afterStall) {
      caughtUp = TargetProber.nextStart(caughtUp, caughtUp, early, SECOND);
    }
    assertEquals(afterStall, caughtUp, "both on the same round again");
  }

  /** Planned starts from one origin, as {@link TargetProber} plans them. */
  private static List<Long> plan(Jitter jitter) {
    List<Long> starts = new ArrayList<>();
    long start = jitter.firstDelayNanos(SECOND);
    for (int round = 0; round < 100; round++) {
      starts.add(start);
      start += jitter.nextDelayNanos(SECOND);
    }
    return starts;
  }
}
