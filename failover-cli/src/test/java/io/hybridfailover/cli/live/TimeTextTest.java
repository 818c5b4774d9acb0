package io.hybridfailover.cli.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeTextTest {

  private static final Instant NOW = Instant.parse("2026-11-26T03:00:00Z");

  @Test
  void readsDurationsAsOperatorsTypeThem() {
    assertEquals(Duration.ofSeconds(30), TimeText.parseDuration("30s"));
    assertEquals(Duration.ofMinutes(90), TimeText.parseDuration("1h30m"));
    assertEquals(Duration.ofMillis(500), TimeText.parseDuration("500ms"));
    assertEquals(Duration.ofSeconds(45), TimeText.parseDuration("PT45S"));
    assertEquals(Duration.ZERO, TimeText.parseDuration("0"));
    assertThrows(IllegalArgumentException.class, () -> TimeText.parseDuration("soon"));
    assertThrows(IllegalArgumentException.class, () -> TimeText.parseDuration("30"));
  }

  @Test
  void readsTimesAsInstantsOrAgo() {
    assertEquals(
        Instant.parse("2026-11-26T02:10:00Z"), TimeText.parseTime("2026-11-26T02:10:00Z", NOW));
    assertEquals(NOW.minusSeconds(600), TimeText.parseTime("10m", NOW));
    assertEquals(NOW.minusSeconds(600), TimeText.parseTime("-10m", NOW));
    assertThrows(IllegalArgumentException.class, () -> TimeText.parseTime("yesterday", NOW));
  }

  @Test
  void printsShortAges() {
    assertEquals("800ms", TimeText.age(Duration.ofMillis(800)));
    assertEquals("42s", TimeText.age(Duration.ofSeconds(42)));
    assertEquals("4m12s", TimeText.age(Duration.ofSeconds(252)));
    assertEquals("2h05m", TimeText.age(Duration.ofMinutes(125)));
    assertEquals("3d04h", TimeText.age(Duration.ofHours(76)));
  }
}
