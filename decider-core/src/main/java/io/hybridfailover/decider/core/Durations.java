package io.hybridfailover.decider.core;

import java.time.Duration;

/**
 * Durations in the decider's messages, in the product's duration syntax (read by {@code
 * io.hybridfailover.catalog.DurationConverter}).
 */
final class Durations {

  private Durations() {}

  /** The shortest exact rendering in the short syntax, e.g. {@code 2m}; ISO-8601 below 1 ms. */
  static String format(Duration duration) {
    if (duration.isNegative()) {
      return "-" + format(duration.negated());
    }
    if (duration.toNanosPart() % 1_000_000 != 0
        || duration.getSeconds() > Long.MAX_VALUE / 1_000 - 1) {
      return duration.toString();
    }
    long millis = duration.toMillis();
    if (millis != 0 && millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis != 0 && millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1_000 == 0) {
      return millis / 1_000 + "s";
    }
    return millis + "ms";
  }
}
