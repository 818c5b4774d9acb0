package io.hybridfailover.decider.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/**
 * The settings as the decider reads them: from a whole service configuration, with profiles and
 * environment.
 */
class DeciderSettingsLoadTest {

  @Test
  void aProfileKeyAndTheEnvironmentWinAsInQuarkus() {
    Config config =
        new SmallRyeConfigBuilder()
            .withProfile("prod")
            .withSources(
                new PropertiesConfigSource(
                    Map.of(
                        "hybrid.decider.expected-probers", "1",
                        "%prod.hybrid.decider.expected-probers", "3",
                        "hybrid.decider.drain", "5s",
                        "quarkus.http.port", "8080"),
                    "application.properties",
                    250),
                new EnvConfigSource(Map.of("HYBRID_DECIDER_DRAIN", "7s"), 300))
            .build();

    DeciderSettings settings = DeciderSettingsSet.load(config).defaults();

    assertEquals(3, settings.expectedProbers());
    assertEquals(Duration.ofSeconds(7), settings.drain());
  }

  @Test
  void theEnvironmentWinsEvenOverAProfileKey() {
    Config config =
        new SmallRyeConfigBuilder()
            .withProfile("prod")
            .withSources(
                new PropertiesConfigSource(
                    Map.of("%prod.hybrid.decider.drain", "9s", "hybrid.decider.drain", "5s"),
                    "application.properties",
                    250),
                new EnvConfigSource(Map.of("HYBRID_DECIDER_DRAIN", "7s"), 300))
            .build();
    assertEquals(Duration.ofSeconds(7), DeciderSettingsSet.load(config).defaults().drain());
  }

  @Test
  void aKeySetOnlyInTheEnvironmentIsReadAndChecked() {
    Config config =
        new SmallRyeConfigBuilder()
            .withSources(
                new EnvConfigSource(
                    Map.of("HYBRID_DECIDER_FALL", "2", "HYBRID_DECIDER_FAILBACK_DELAY", "30s"),
                    300))
            .build();

    DeciderSettings settings = DeciderSettingsSet.load(config).defaults();

    assertEquals(2, settings.fall());
    assertEquals(Duration.ofSeconds(30), settings.failbackDelay());

    Config bad =
        new SmallRyeConfigBuilder()
            .withSources(new EnvConfigSource(Map.of("HYBRID_DECIDER_RISE", "x"), 300))
            .build();
    InvalidSettingException e =
        assertThrows(InvalidSettingException.class, () -> DeciderSettingsSet.load(bad));
    assertEquals("hybrid.decider.rise must be an integer but was \"x\"", e.getMessage());
  }
}
