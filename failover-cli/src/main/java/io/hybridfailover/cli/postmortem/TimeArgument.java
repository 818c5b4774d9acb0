package io.hybridfailover.cli.postmortem;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point in time as an operator writes it: RFC 3339 ({@code 2026-11-23T10:15:00Z}, {@code
 * 2026-11-23T11:15:00+01:00}), {@code now}, or relative to now ({@code -2h}, {@code -90m}, {@code
 * -30s}, {@code -1d}, {@code -500ms}).
 */
public final class TimeArgument {

  private static final Pattern RELATIVE = Pattern.compile("-(\\d+)(ms|s|m|h|d)");

  private TimeArgument() {}

  /**
   * @throws IllegalArgumentException saying what forms are accepted
   */
  public static Instant parse(String text, Instant now) {
    String value = text.trim();
    if (value.equals("now")) {
      return now;
    }
    Matcher relative = RELATIVE.matcher(value);
    if (relative.matches()) {
      long amount = Long.parseLong(relative.group(1));
      Duration ago =
          switch (relative.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
          };
      return now.minus(ago);
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "\""
              + text
              + "\" is not a time: write RFC 3339 (2026-11-23T10:15:00Z), now, or relative to now"
              + " (-2h, -30m, -90s, -1d)");
    }
  }
}
