package io.hybridfailover.cli.postmortem;

import io.hybridfailover.decider.core.DeciderSettingsSet;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The decider's settings as the deployed decider reads them, from files an operator can get from
 * the cluster: its {@code application.properties} (the ConfigMap, {@code kubectl get configmap
 * hybrid-failover-service-catalog -o jsonpath='{.data.application\.properties}'}) and its
 * environment ({@code kubectl set env deployment/failover-decider --list}), both {@code KEY=VALUE}
 * lines. Read by SmallRye Config with the {@code prod} profile, as Quarkus reads the decider's: the
 * properties lines as an {@code application.properties}, the {@code HYBRID_DECIDER_*} lines as
 * environment variables ({@code HYBRID_DECIDER_EXPECTED_PROBERS=3}), which win over properties.
 * Later files win over earlier ones of the same kind. Only keys under {@code hybrid.decider.} are
 * kept.
 */
public final class DeciderConfig {

  private static final String ENV_PREFIX = "HYBRID_DECIDER_";
  // Below and above every Quarkus source the decider itself would have: one ordinal per file.
  private static final int PROPERTIES_ORDINAL = 250;
  private static final int ENV_ORDINAL = 300;

  private DeciderConfig() {}

  /** The {@code hybrid.decider.*} properties of {@code files}, resolved as the decider would. */
  public static Map<String, String> read(List<Path> files) throws IOException {
    List<ConfigSource> sources = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      Properties lines = new Properties();
      try (Reader reader = Files.newBufferedReader(files.get(i), StandardCharsets.UTF_8)) {
        lines.load(reader);
      }
      Map<String, String> properties = new HashMap<>();
      Map<String, String> environment = new HashMap<>();
      for (String key : lines.stringPropertyNames()) {
        (key.startsWith(ENV_PREFIX) ? environment : properties).put(key, lines.getProperty(key));
      }
      sources.add(
          new PropertiesConfigSource(properties, files.get(i).toString(), PROPERTIES_ORDINAL + i));
      sources.add(new EnvConfigSource(environment, ENV_ORDINAL + i));
    }
    return DeciderSettingsSet.properties(
        new SmallRyeConfigBuilder().withProfile("prod").withSources(sources).build());
  }
}
