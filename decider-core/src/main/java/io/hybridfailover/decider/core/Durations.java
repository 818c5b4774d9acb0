package io.hybridfailover.decider.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings' duration syntax: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, or ISO-8601.
 */
final class Durations {

  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

  private Durations() {}

  /** The duration {@code text} stands for, or empty if it is not in one of the accepted forms. */
  static Optional<Duration> parse(String text) {
    Matcher matcher = SHORT.matcher(text);
    try {
      if (matcher.matches()) {
        long amount = Long.parseLong(matcher.group(1));
        return Optional.of(
            switch (matcher.group(2)) {
              case "ms" -> Duration.ofMillis(amount);
              case "s" -> Duration.ofSeconds(amount);
              case "m" -> Duration.ofMinutes(amount);
              default -> Duration.ofHours(amount);
            });
      }
      return Optional.of(Duration.parse(text));
    } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

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
