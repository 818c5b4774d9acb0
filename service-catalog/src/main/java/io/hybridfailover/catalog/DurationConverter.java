package io.hybridfailover.catalog;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * The product's one duration syntax (README, "Durations"), for every setting of every service and
 * for the command line: amounts in {@code ms}, {@code s}, {@code m} or {@code h}, alone or in a row
 * ({@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h30m}), a bare {@code 0}, or ISO-8601 ({@code
 * PT5S}, any case). A bare number other than 0 is refused: seconds or milliseconds? Days are
 * refused too: write {@code 24h}.
 */
public class DurationConverter implements Converter<Duration> {

  /** What a duration must look like, for messages: {@code must be <SYNTAX> but was "..."}. */
  public static final String SYNTAX = "a duration like 500ms, 5s, 2m, 1h or PT5S";

  private static final Pattern AMOUNT = Pattern.compile("(\\d+)(ms|s|m|h)");

  /** An empty value is no value (SmallRye Config then uses the default). */
  @Override
  public Duration convert(String value) {
    String text = value.trim();
    return text.isEmpty() ? null : parse(text);
  }

  /**
   * The duration {@code text} stands for (surrounding blanks ignored).
   *
   * @throws IllegalArgumentException {@code must be a duration like ... but was "<text>"}
   */
  public static Duration parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (value.equals("0")) {
        return Duration.ZERO;
      }
      if (value.startsWith("p") || value.startsWith("-p")) {
        return Duration.parse(value);
      }
      Matcher matcher = AMOUNT.matcher(value);
      Duration total = Duration.ZERO;
      int at = 0;
      while (at < value.length() && matcher.find(at) && matcher.start() == at) {
        long amount = Long.parseLong(matcher.group(1));
        total =
            total.plus(
                switch (matcher.group(2)) {
                  case "ms" -> Duration.ofMillis(amount);
                  case "s" -> Duration.ofSeconds(amount);
                  case "m" -> Duration.ofMinutes(amount);
                  default -> Duration.ofHours(amount);
                });
        at = matcher.end();
      }
      if (!value.isEmpty() && at == value.length()) {
        return total;
      }
    } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
      // refused below, with the same message as any other malformed value
    }
    throw new IllegalArgumentException("must be " + SYNTAX + " but was \"" + text.trim() + "\"");
  }
}
