package io.hybridfailover.decider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.decider.core.InvalidSettingException;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/** A bad decider setting stops start-up with a message that names its key. */
class DeciderProducerTest {

  @Test
  void aQuorumThatIsNoMajorityStopsStartUpNamingTheKey() {
    Config config =
        config(
            Map.of(
                "hybrid.decider.expected-probers", "3",
                "hybrid.decider.quorum", "1"));

    InvalidSettingException e =
        assertThrows(InvalidSettingException.class, () -> new DeciderProducer().decider(config));

    assertTrue(e.getMessage().contains("hybrid.decider.quorum"), e.getMessage());
  }

  @Test
  void anUnknownDeciderKeyStopsStartUpNamingTheKey() {
    Config config = config(Map.of("hybrid.decider.fal", "3"));

    InvalidSettingException e =
        assertThrows(InvalidSettingException.class, () -> new DeciderProducer().decider(config));

    assertTrue(e.getMessage().contains("hybrid.decider.fal"), e.getMessage());
  }

  /** Quarkus prints a start-up ConfigurationException's message alone: the key on line one. */
  @Test
  void aBadValueStopsStartUpWithTheKeyOnTheFirstLine() {
    Config config = config(Map.of("hybrid.decider.fall", "x"));

    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> new DeciderProducer().startUp(config));

    assertEquals("hybrid.decider.fall must be an integer but was \"x\"", e.getMessage());
    assertNull(e.getCause(), "a cause would make Quarkus print the whole trace");
  }

  private static Config config(Map<String, String> properties) {
    return new SmallRyeConfigBuilder()
        .withSources(new PropertiesConfigSource(properties, "test", 500))
        .build();
  }
}
