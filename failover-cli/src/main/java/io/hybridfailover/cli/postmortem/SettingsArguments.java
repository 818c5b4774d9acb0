package io.hybridfailover.cli.postmortem;

import io.hybridfailover.decider.core.DeciderSettings;
import io.hybridfailover.decider.replay.ReplaySettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

  /** Settings as given (for showing them) and as parsed. */
  public record Resolved(Map<String, String> properties, ReplaySettings settings) {}

  /**
   * The settings of {@code configs} with {@code sets} on top, or empty after saying in one line on
   * {@code err} what is wrong (an unreadable file, a bad key or value).
   */
  public static Optional<Resolved> resolve(
      String command, List<Path> configs, Map<String, String> sets, PrintWriter err) {
    try {
      Map<String, String> properties = merge(configs, sets);
      return Optional.of(new Resolved(properties, parse(properties)));
    } catch (IOException e) {
      err.println(command + ": cannot read --config: " + e);
    } catch (IllegalArgumentException e) {
      err.println(command + ": " + e.getMessage());
    }
    return Optional.empty();
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
