package io.hybridfailover.cli.live;

import io.hybridfailover.cli.postmortem.TimeArgument;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations and times as operators type and read them: {@code 30s}, {@code 4m12s}, RFC 3339. */
final class TimeText {

  private TimeText() {}

  /**
   * {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h30m}, {@code 0}, or ISO-8601 {@code PT30S}:
   * the product's one duration syntax (service-catalog's README, "Durations").
   */
  static Duration parseDuration(String text) {
    return io.hybridfailover.catalog.DurationConverter.parse(text);
  }

  /** A time as {@link TimeArgument} reads it: RFC 3339, {@code now}, or a duration ago. */
  static Instant parseTime(String text, Instant now) {
    return TimeArgument.parse(text, now);
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
