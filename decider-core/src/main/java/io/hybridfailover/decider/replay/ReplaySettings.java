package io.hybridfailover.decider.replay;

import io.hybridfailover.decider.core.DeciderSettings;
import io.hybridfailover.decider.core.DeciderSettingsSet;
import io.hybridfailover.decider.core.InvalidSettingException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The settings of a replay: the decider's own ({@link DeciderSettingsSet}, parsed by the core from
 * the same properties the deployed decider reads) and {@code max-clock-skew}, which also sets when
 * an event counts as a clock outlier of the replay.
 *
 * @param decider the decider's settings
 * @param maxClockSkew {@code hybrid.decider.max-clock-skew}, default {@link #DEFAULT_SKEW}
 */
public record ReplaySettings(DeciderSettingsSet decider, Duration maxClockSkew) {

  public static final Duration DEFAULT_SKEW = DeciderSettings.defaults().maxClockSkew();
  public static final String MAX_CLOCK_SKEW = DeciderSettings.PREFIX + "max-clock-skew";

  public ReplaySettings {
    Objects.requireNonNull(decider, "decider");
    if (maxClockSkew.isNegative()) {
      throw new IllegalArgumentException(MAX_CLOCK_SKEW + " must not be negative");
    }
  }

  /**
   * Reads every key under {@code hybrid.decider.} (others are ignored); the outlier bound is the
   * decider's own global {@code max-clock-skew}.
   *
   * @throws InvalidSettingException naming the key of a bad key or value
   */
  public static ReplaySettings fromProperties(Map<String, String> props) {
    DeciderSettingsSet decider = DeciderSettingsSet.fromProperties(props);
    return new ReplaySettings(decider, decider.defaults().maxClockSkew());
  }
}
