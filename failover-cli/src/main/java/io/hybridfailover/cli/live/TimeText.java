package io.hybridfailover.cli.live;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations and times as operators type and read them: {@code 30s}, {@code 4m12s}, RFC 3339. */
final class TimeText {

  private static final Pattern AMOUNT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private TimeText() {}

  /**
   * {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h30m}, {@code 1d}, or ISO-8601 {@code PT30S}.
   */
  static Duration parseDuration(String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    if (value.equals("0")) {
      return Duration.ZERO;
    }
    if (value.startsWith("pt") || value.startsWith("p")) {
      try {
        return Duration.parse(value.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("not a duration: " + text);
      }
    }
    Matcher matcher = AMOUNT.matcher(value);
    Duration total = Duration.ZERO;
    int at = 0;
    while (at < value.length()) {
      if (!matcher.find(at) || matcher.start() != at) {
        throw new IllegalArgumentException(
            "not a duration: \"" + text + "\" (e.g. 30s, 2m, 1h30m, 500ms)");
      }
      long amount = Long.parseLong(matcher.group(1));
      total =
          total.plus(
              switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
              });
      at = matcher.end();
    }
    if (value.isEmpty()) {
      throw new IllegalArgumentException("not a duration: empty");
    }
    return total;
  }

  /** An RFC 3339 time ({@code 2026-11-26T02:10:00Z}), or a duration ago ({@code 10m}). */
  static Instant parseTime(String text, Instant now) {
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException notAnInstant) {
      try {
        return now.minus(parseDuration(text.strip().replaceFirst("^-", "")));
      } catch (IllegalArgumentException notADuration) {
        throw new IllegalArgumentException(
            "not a time: \""
                + text
                + "\" (RFC 3339 like 2026-11-26T02:10:00Z, or 10m for ten"
                + " minutes ago)");
      }
    }
  }

  /** A short age: {@code 800ms}, {@code 42s}, {@code 4m12s}, {@code 2h05m}, {@code 3d04h}. */
  static String age(Duration age) {
    if (age.isNegative()) {
      return "0s";
    }
    long seconds = age.toSeconds();
    if (seconds < 1) {
      return age.toMillis() + "ms";
    }
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    if (seconds < 86_400) {
      return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
    return String.format(Locale.ROOT, "%dd%02dh", seconds / 86_400, seconds % 86_400 / 3600);
  }

  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return parseDuration(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
