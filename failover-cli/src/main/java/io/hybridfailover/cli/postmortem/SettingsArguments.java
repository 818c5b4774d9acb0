package io.hybridfailover.cli.postmortem;

import io.hybridfailover.decider.core.DeciderSettings;
import io.hybridfailover.decider.replay.ReplaySettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The decider settings of a command line: {@code --config} files, then {@code --set} keys. */
public final class SettingsArguments {

  private SettingsArguments() {}

  /** {@code failback-delay} and {@code hybrid.decider.failback-delay} name the same setting. */
  public static String fullKey(String key) {
    return key.startsWith(DeciderSettings.PREFIX) ? key : DeciderSettings.PREFIX + key;
  }

  /** The config files' settings with {@code sets} on top (short keys allowed). */
  public static Map<String, String> merge(List<Path> configs, Map<String, String> sets)
      throws IOException {
    Map<String, String> merged = new LinkedHashMap<>(DeciderConfig.read(configs));
    sets.forEach((key, value) -> merged.put(fullKey(key), value));
    return merged;
  }

  /**
   * The replay settings of {@code properties}.
   *
   * @throws IllegalArgumentException naming the bad key
   */
  public static ReplaySettings parse(Map<String, String> properties) {
    return ReplaySettings.fromProperties(properties);
  }
}
