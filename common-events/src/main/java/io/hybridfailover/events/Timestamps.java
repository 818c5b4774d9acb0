package io.hybridfailover.events;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The contract's timestamps: RFC 3339, UTC, written with exactly millisecond precision. */
final class Timestamps {

  private static final DateTimeFormatter WRITER =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /**
   * RFC 3339 date-time in UTC: {@code Z} (either case) or {@code +00:00}, any fraction of a second
   * or none. Other offsets are rejected rather than converted, so that every producer writes UTC.
   */
  private static final Pattern UTC_RFC_3339 =
      Pattern.compile(
          "(\\d{4}-\\d{2}-\\d{2})[Tt](\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?)(?:[Zz]|\\+00:00)");

  private Timestamps() {}

  /** {@code 2026-11-23T10:15:03.120Z}. */
  static String format(Instant instant) {
    return WRITER.format(instant);
  }

  /**
   * Parses an RFC 3339 UTC timestamp, truncated to milliseconds.
   *
   * @throws IllegalArgumentException {@code must be an RFC 3339 UTC timestamp but was "..."}
   */
  static Instant parse(String text) {
    Matcher matcher = UTC_RFC_3339.matcher(text);
    if (matcher.matches()) {
      try {
        return Instant.parse(matcher.group(1) + "T" + matcher.group(2) + "Z")
            .truncatedTo(ChronoUnit.MILLIS);
      } catch (DateTimeParseException e) {
        // A well-formed string with an impossible date or time, like month 13: same answer.
      }
    }
    throw new IllegalArgumentException(
        "must be an RFC 3339 UTC timestamp but was " + Require.quote(text));
  }
}
