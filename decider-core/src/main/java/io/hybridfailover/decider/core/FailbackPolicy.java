package io.hybridfailover.decider.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Fail back slow: the damped failback delay and the failback steps. A service that keeps failing
 * over waits longer each time before traffic returns to the desktop, so a flapping home line does
 * not drag production back and forth.
 */
final class FailbackPolicy {

  private final DeciderSettings settings;

  FailbackPolicy(DeciderSettings settings) {
    this.settings = settings;
  }

  /**
   * n of the semantics: failovers started within the flap window before {@code now}, at least 1.
   */
  int failoversInWindow(List<Instant> failoverStarts, Instant now) {
    Instant windowStart = now.minus(settings.flapWindow());
    long inWindow = failoverStarts.stream().filter(start -> start.isAfter(windowStart)).count();
    return (int) Math.max(1, inWindow);
  }

  /** {@code failback-delay x 2^(n-1)}, capped at {@code max-failback-delay}. */
  Duration dampedDelay(List<Instant> failoverStarts, Instant now) {
    Duration cap = settings.maxFailbackDelay();
    Duration delay = settings.failbackDelay();
    for (int doubling = 1; doubling < failoversInWindow(failoverStarts, now); doubling++) {
      if (delay.compareTo(cap.dividedBy(2)) > 0) {
        return cap;
      }
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(cap) > 0 ? cap : delay;
  }

  /** The failover starts with one more at {@code now}, those outside the flap window dropped. */
  List<Instant> recordFailover(List<Instant> failoverStarts, Instant now) {
    Instant windowStart = now.minus(settings.flapWindow());
    List<Instant> kept = new ArrayList<>();
    for (Instant start : failoverStarts) {
      if (start.isAfter(windowStart)) {
        kept.add(start);
      }
    }
    kept.add(now);
    return kept;
  }

  /** The desktop weight of the first failback step. */
  int firstStep() {
    return settings.failbackSteps().get(0);
  }

  /** The desktop weight of the step after {@code desktopWeight}: the first step above it. */
  int nextStep(int desktopWeight) {
    return settings.failbackSteps().stream()
        .filter(step -> step > desktopWeight)
        .findFirst()
        .orElse(100);
  }
}
