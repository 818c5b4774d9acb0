package io.hybridfailover.cli.postmortem;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

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

  /** A duration as people read it: 4.2 s, 3 min 05 s, 2 h 10 min. */
  static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    if (ms < 3_600_000) {
      return String.format(Locale.ROOT, "%d min %02d s", ms / 60_000, (ms / 1000) % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", ms / 3_600_000, (ms / 60_000) % 60);
  }
}
