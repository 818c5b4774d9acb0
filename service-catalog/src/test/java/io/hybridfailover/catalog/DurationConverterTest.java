package io.hybridfailover.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The product's one duration syntax, as the catalog, the decider and the CLI read it. */
class DurationConverterTest {

  private final DurationConverter converter = new DurationConverter();

  @Test
  void readsUnitsRowsZeroAndIso() {
    assertEquals(Duration.ofMillis(500), converter.convert("500ms"));
    assertEquals(Duration.ofSeconds(5), converter.convert(" 5s "));
    assertEquals(Duration.ofMinutes(2), converter.convert("2m"));
    assertEquals(Duration.ofHours(1), converter.convert("1h"));
    assertEquals(Duration.ofMinutes(90), converter.convert("1h30m"));
    assertEquals(Duration.ZERO, converter.convert("0"));
    assertEquals(Duration.ofSeconds(90), converter.convert("pt1m30s"));
    assertEquals(Duration.ofSeconds(-5), converter.convert("PT-5S"));
    assertNull(converter.convert(" "), "an empty value is no value");
  }

  @Test
  void refusesBareNumbersDaysAndWordsNamingTheSyntax() {
    for (String bad : new String[] {"10", "1d", "5 seconds", "2 s", "fast", "s", "1h30"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> converter.convert(bad), bad);
      assertEquals(
          "must be a duration like 500ms, 5s, 2m, 1h or PT5S but was \"" + bad + "\"",
          e.getMessage());
    }
  }
}
