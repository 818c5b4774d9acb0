package io.hybridfailover.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

  @Test
  void theCanonicalForm_readsAsInstantParseReadsIt() {
    Random random = new Random(11);
    for (int i = 0; i < 10_000; i++) {
      Instant instant =
          Instant.ofEpochMilli(random.nextLong(-62_000_000_000_000L, 250_000_000_000_000L));
      String text = Timestamps.format(instant);
      assertEquals(instant, Timestamps.parse(text), text);
    }
  }

  @Test
  void writing_isTheFormattersOutputTruncatedToTheMillisecond() {
    java.time.format.DateTimeFormatter formatter =
        java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);
    Random random = new Random(12);
    for (int i = 0; i < 10_000; i++) {
      Instant instant =
          Instant.ofEpochSecond(
              random.nextLong(-62_167_219_200L, 253_402_300_799L + 1),
              random.nextInt(1_000_000_000));
      assertEquals(formatter.format(instant), Timestamps.format(instant), instant.toString());
    }
    assertEquals("1970-01-01T00:00:00.000Z", Timestamps.format(Instant.EPOCH));
    assertEquals(
        "+10000-01-01T00:00:00.000Z", Timestamps.format(Instant.parse("+10000-01-01T00:00:00Z")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024-02-29T23:59:59.999Z",
        "2026-11-23T10:15:03Z",
        "2026-11-23t10:15:03.120z",
        "2026-11-23T10:15:03.123456789+00:00",
        "2026-12-31T00:00:00.000Z",
        "2026-11-23T23:59:60.000Z"
      })
  void everyAcceptedForm_isTheSameInstantAsBefore(String text) {
    String utc = text.toUpperCase().replace("+00:00", "Z");
    assertEquals(Instant.parse(utc).truncatedTo(ChronoUnit.MILLIS), Timestamps.parse(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-13-01T00:00:00.000Z",
        "2026-02-29T00:00:00.000Z",
        "2026-04-31T00:00:00.000Z",
        "2026-11-00T00:00:00.000Z",
        "2026-11-23T10:60:00.000Z",
        "2026-11-23T10:15:0x.000Z",
        "2026-11-23T10:15:03.12aZ",
        "2026-11-23 10:15:03.120Z",
        "2026-11-23T10:15:03.120+01:00"
      })
  void impossibleOrNonUtcTimes_areRejectedWithTheText(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Timestamps.parse(text));
    assertEquals("must be an RFC 3339 UTC timestamp but was \"" + text + "\"", e.getMessage());
  }
}
