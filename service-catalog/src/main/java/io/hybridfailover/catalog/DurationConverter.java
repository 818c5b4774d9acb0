package io.hybridfailover.catalog;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * Durations as people write them in the ConfigMap ({@code 800ms}, {@code 1s}, {@code 2m}, {@code
 * 1h}; a bare number is seconds) or in ISO-8601 ({@code PT1S}). Quarkus reads durations the same
 * way, but the catalog is also read with plain SmallRye Config, which only knows ISO-8601.
 */
public class DurationConverter implements Converter<Duration> {

  private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h|d)?");

  @Override
  public Duration convert(String value) {
    String text = value.trim();
    if (text.isEmpty()) {
      return null;
    }
    Matcher matcher = SIMPLE.matcher(text);
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      String unit = matcher.group(2) == null ? "s" : matcher.group(2);
      return switch (unit) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "must be a duration such as 800ms, 1s, 2m or PT1S but was \"" + value + "\"", e);
    }
  }
}
