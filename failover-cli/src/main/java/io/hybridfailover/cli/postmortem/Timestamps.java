package io.hybridfailover.cli.postmortem;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How post-mortems show times: UTC, to the millisecond. */
final class Timestamps {

  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  static String utc(Instant at) {
    return UTC.format(at);
  }

  static String clock(Instant at) {
    return CLOCK.format(at);
  }
}
