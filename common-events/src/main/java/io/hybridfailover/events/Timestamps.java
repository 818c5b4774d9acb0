package io.hybridfailover.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The contract's timestamps: RFC 3339, UTC, written with exactly millisecond precision. Public for
 * the decider's state codec, which writes its instants the same way.
 */
public final class Timestamps {

  private static final DateTimeFormatter WRITER =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /**
   * RFC 3339 date-time in UTC: {@code Z} (either case) or {@code +00:00}, any fraction of a second
   * or none. Other offsets are rejected rather than converted, so that every producer writes UTC.
   */
  private static final Pattern UTC_RFC_3339 =
      Pattern.compile(
          "(\\d{4}-\\d{2}-\\d{2})[Tt](\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?)(?:[Zz]|\\+00:00)");

  private static final long MIN_FAST_SECOND =
      Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
  private static final long MAX_FAST_SECOND =
      Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

  private Timestamps() {}

  /**
   * {@code 2026-11-23T10:15:03.120Z}: truncated to the millisecond. Written by hand for years 0 to
   * 9999 (a formatter took a third of the decider's state encoding, JFR); other years by the
   * formatter.
   */
  public static String format(Instant instant) {
    return new String(formatAscii(instant), StandardCharsets.US_ASCII);
  }

  /**
   * {@link #format} as ASCII bytes, for a writer that copies them as they are (the decider's state
   * codec writes dozens of instants per input).
   */
  public static byte[] formatAscii(Instant instant) {
    long seconds = instant.getEpochSecond();
    if (seconds < MIN_FAST_SECOND || seconds > MAX_FAST_SECOND) {
      return WRITER.format(instant).getBytes(StandardCharsets.US_ASCII);
    }
    LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    byte[] text = new byte[24];
    put(text, 0, time.getYear(), 4);
    text[4] = '-';
    put(text, 5, time.getMonthValue(), 2);
    text[7] = '-';
    put(text, 8, time.getDayOfMonth(), 2);
    text[10] = 'T';
    put(text, 11, time.getHour(), 2);
    text[13] = ':';
    put(text, 14, time.getMinute(), 2);
    text[16] = ':';
    put(text, 17, time.getSecond(), 2);
    text[19] = '.';
    put(text, 20, instant.getNano() / 1_000_000, 3);
    text[23] = 'Z';
    return text;
  }

  private static void put(byte[] text, int from, int value, int width) {
    for (int i = from + width - 1; i >= from; i--) {
      text[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }

  /**
   * Parses an RFC 3339 UTC timestamp, truncated to milliseconds.
   *
   * @throws IllegalArgumentException {@code must be an RFC 3339 UTC timestamp but was "..."}
   */
  public static Instant parse(String text) {
    Instant canonical = parseCanonical(text);
    if (canonical != null) {
      return canonical;
    }
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

  /**
   * The form every producer of ours writes ({@code 2026-11-23T10:15:03.120Z}), read digit by digit:
   * two of these per event, and the regular expression and {@link Instant#parse} cost the decider
   * about a tenth of its time (JFR, throughput benchmark). Null for any other form, and for an
   * impossible date or time, which the general path then reads or rejects.
   */
  private static Instant parseCanonical(String text) {
    if (text.length() != 24
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || text.charAt(19) != '.'
        || text.charAt(23) != 'Z') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    int millis = digits(text, 20, 3);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > java.time.YearMonth.of(year, month).lengthOfMonth()
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59
        || millis < 0) {
      return null;
    }
    long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
    long epochSecond = epochDay * 86_400 + hour * 3_600L + minute * 60L + second;
    return Instant.ofEpochSecond(epochSecond, millis * 1_000_000L);
  }

  /** The decimal number in {@code count} characters from {@code from}; -1 if one is no digit. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
