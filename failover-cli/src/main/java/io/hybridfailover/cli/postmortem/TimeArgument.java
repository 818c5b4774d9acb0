package io.hybridfailover.cli.postmortem;

import io.hybridfailover.catalog.DurationConverter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * A point in time as an operator writes it, for every command that takes one ({@code export
 * --from/--to}, {@code watch --from}): RFC 3339 ({@code 2026-11-23T10:15:00Z}, {@code
 * 2026-11-23T11:15:00+01:00}), {@code now}, or a duration ago in the product's one syntax, with or
 * without a minus ({@code -2h}, {@code 90m}, {@code -1h30m}, {@code -500ms}, {@code -24h}).
 */
public final class TimeArgument {

  private TimeArgument() {}

  /**
   * @throws IllegalArgumentException saying what forms are accepted
   */
  public static Instant parse(String text, Instant now) {
    String value = text.trim();
    if (value.equals("now")) {
      return now;
    }
    try {
      if (value.startsWith("-")) {
        return now.minus(DurationConverter.parse(value.substring(1)));
      }
      if (!value.isEmpty() && Character.isDigit(value.charAt(0)) && !value.contains("T")) {
        return now.minus(DurationConverter.parse(value));
      }
      return OffsetDateTime.parse(value).toInstant();
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          "\""
              + text
              + "\" is not a time: write RFC 3339 (2026-11-23T10:15:00Z), now, or relative to now"
              + " (-2h, -30m, -90s, -1h30m, -24h)");
    }
  }
}
