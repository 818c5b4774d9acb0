package io.hybridfailover.decider;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.decider.core.InvalidSettingException;
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

  private static Config config(Map<String, String> properties) {
    return new SmallRyeConfigBuilder()
        .withSources(new PropertiesConfigSource(properties, "test", 500))
        .build();
  }
}
