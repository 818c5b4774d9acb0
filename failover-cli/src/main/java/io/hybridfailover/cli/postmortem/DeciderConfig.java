package io.hybridfailover.cli.postmortem;

import io.hybridfailover.decider.core.DeciderSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The decider's settings as the deployed decider reads them, from files an operator can get from
 * the cluster: its {@code application.properties} (the ConfigMap, {@code kubectl get configmap
 * hybrid-failover-service-catalog -o jsonpath='{.data.application\.properties}'}) and its
 * environment ({@code kubectl set env deployment/failover-decider --list}), both {@code KEY=VALUE}
 * lines. As in Quarkus: {@code %prod.} keys win over plain ones, other profiles are ignored, and
 * environment variables ({@code HYBRID_DECIDER_EXPECTED_PROBERS=3}) win over properties. Later
 * files win over earlier ones of the same kind. Only keys under {@code hybrid.decider.} are kept.
 */
public final class DeciderConfig {

  private static final String PROD = "%prod.";
  private static final String ENV_PREFIX = "HYBRID_DECIDER_";

  private DeciderConfig() {}

  /** The {@code hybrid.decider.*} properties of {@code files}, merged as the decider would. */
  public static Map<String, String> read(List<Path> files) throws IOException {
    Map<String, String> plain = new LinkedHashMap<>();
    Map<String, String> prod = new LinkedHashMap<>();
    Map<String, String> env = new LinkedHashMap<>();
    for (Path file : files) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
      }
      for (String key : properties.stringPropertyNames()) {
        String value = properties.getProperty(key);
        if (key.startsWith(PROD + DeciderSettings.PREFIX)) {
          prod.put(key.substring(PROD.length()), value);
        } else if (key.startsWith(DeciderSettings.PREFIX)) {
          plain.put(key, value);
        } else if (key.startsWith(ENV_PREFIX)) {
          // Global keys only: an environment name cannot say where a quoted service id ends.
          env.put(
              DeciderSettings.PREFIX
                  + key.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-'),
              value);
        }
      }
    }
    Map<String, String> merged = new LinkedHashMap<>(plain);
    merged.putAll(prod);
    merged.putAll(env);
    return merged;
  }
}
