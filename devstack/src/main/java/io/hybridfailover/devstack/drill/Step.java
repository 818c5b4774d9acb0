package io.hybridfailover.devstack.drill;

import java.time.Duration;

/** An action at a time relative to the drill's first step. */
public record Step(Duration at, Action action) {

  public static Step at(long millis, Action action) {
    return new Step(Duration.ofMillis(millis), action);
  }
}
