package io.hybridfailover.devstack.drill;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalDouble;

/**
 * Whether the world has settled after its start: the CPU its processes used over the last {@code
 * window}, in cores. Right after start-up the JVMs are still compiling (the broker alone used most
 * of a core for the first ~30 s here), and a fault then measures the start-up, not the pipeline a
 * user's long-running system has at 3 a.m.
 */
public final class Settling {

  private record Sample(long atNanos, long cpuNanos) {}

  private final long windowNanos;
  private final Deque<Sample> samples = new ArrayDeque<>();

  public Settling(Duration window) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window: must be positive but was " + window);
    }
    this.windowNanos = window.toNanos();
  }

  /**
   * Adds a sample and returns the cores used over the window, once the samples span it.
   *
   * @param atNanos a monotonic time ({@link System#nanoTime()})
   * @param cpuNanos the CPU time the world's processes used so far, all threads together
   */
  public OptionalDouble add(long atNanos, long cpuNanos) {
    // A process gone (or one whose CPU time could not be read) lowers the sum: start over.
    if (!samples.isEmpty() && cpuNanos < samples.peekLast().cpuNanos()) {
      samples.clear();
    }
    samples.addLast(new Sample(atNanos, cpuNanos));
    // Drop the oldest while the next one is still a window old: it is where the window starts.
    while (samples.size() > 1) {
      Sample oldest = samples.removeFirst();
      if (atNanos - samples.peekFirst().atNanos() < windowNanos) {
        samples.addFirst(oldest);
        break;
      }
    }
    Sample first = samples.peekFirst();
    long span = atNanos - first.atNanos();
    if (span < windowNanos) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of((double) (cpuNanos - first.cpuNanos()) / span);
  }
}
