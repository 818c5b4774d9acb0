package io.hybridfailover.decider.replay;

import io.hybridfailover.decider.core.DeciderSettings;
import io.hybridfailover.decider.core.DeciderSettingsSet;
import io.hybridfailover.decider.core.InvalidSettingException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of a replay: the decider's own ({@link DeciderSettingsSet}, parsed by the core from
 * the same properties the deployed decider reads) and {@code max-clock-skew}, which also sets when
 * an event counts as a clock outlier of the replay.
 *
 * @param decider the decider's settings
 * @param maxClockSkew {@code hybrid.decider.max-clock-skew}, default {@link #DEFAULT_SKEW}
 */
public record ReplaySettings(DeciderSettingsSet decider, Duration maxClockSkew) {

  public static final Duration DEFAULT_SKEW = Duration.ofSeconds(2);
  public static final String MAX_CLOCK_SKEW = DeciderSettings.PREFIX + "max-clock-skew";

  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

  /** Whether the core's settings know {@code max-clock-skew} (clarification 2, issue 12). */
  private static final boolean CORE_KNOWS_SKEW = coreAccepts(MAX_CLOCK_SKEW);

  public ReplaySettings {
    Objects.requireNonNull(decider, "decider");
    if (maxClockSkew.isNegative()) {
      throw new IllegalArgumentException(MAX_CLOCK_SKEW + " must not be negative");
    }
  }

  /**
   * Reads every key under {@code hybrid.decider.} (others are ignored).
   *
   * @throws IllegalArgumentException naming the key of a bad key or value ({@link
   *     InvalidSettingException} for the core's settings)
   */
  public static ReplaySettings fromProperties(Map<String, String> props) {
    Duration skew = DEFAULT_SKEW;
    Map<String, String> forCore = new LinkedHashMap<>(props);
    String raw = props.get(MAX_CLOCK_SKEW);
    if (raw != null) {
      skew = parse(raw.trim());
      if (!CORE_KNOWS_SKEW) {
        // Until the core reads the setting, the replay alone uses it.
        forCore.remove(MAX_CLOCK_SKEW);
      }
    }
    return new ReplaySettings(DeciderSettingsSet.fromProperties(forCore), skew);
  }

  private static boolean coreAccepts(String key) {
    try {
      DeciderSettingsSet.fromProperties(Map.of(key, "2s"));
      return true;
    } catch (InvalidSettingException e) {
      return false;
    }
  }

  /** The settings' duration syntax: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, ISO-8601. */
  private static Duration parse(String text) {
    Matcher matcher = SHORT.matcher(text);
    try {
      if (matcher.matches()) {
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        };
      }
      return Duration.parse(text);
    } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          MAX_CLOCK_SKEW
              + " must be a duration like 500ms, 5s, 2m, 1h or PT5S but was \""
              + text
              + "\"");
    }
  }
}
