package io.hybridfailover.decider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.decider.core.InvalidSettingException;
import io.hybridfailover.events.identity.ActorKeys;
import io.hybridfailover.events.identity.ActorRole;
import io.hybridfailover.events.identity.TrustedActors;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void withNoTrustedActorsNothingIsChecked() {
    IdentityConfig identity = identity(Map.of());

    assertFalse(new DeciderProducer().trustedActors(identity).enabled());
  }

  @Test
  void trustedActorsAreReadFromTheirKeyFiles(@TempDir Path dir) throws Exception {
    Path pub = dir.resolve("prober-1.pub");
    Files.writeString(pub, ActorKeys.pem(ActorKeys.generate().getPublic()));
    IdentityConfig identity = identity(Map.of("hybrid.identity.probers.prober-1", pub.toString()));

    TrustedActors trusted = new DeciderProducer().trustedActors(identity);

    assertTrue(trusted.enabled());
    assertEquals(List.of("prober-1"), trusted.actors(ActorRole.PROBER));
    assertEquals(List.of(), trusted.actors(ActorRole.OPERATOR));
  }

  @Test
  void aKeyFileThatCannotBeReadStopsStartUpNamingTheKey(@TempDir Path dir) {
    IdentityConfig identity =
        identity(Map.of("hybrid.identity.operators.alice", dir.resolve("alice.pub").toString()));

    ConfigurationException e =
        assertThrows(
            ConfigurationException.class, () -> new DeciderProducer().trustedActors(identity));

    assertTrue(
        e.getMessage().startsWith("hybrid.identity.operators.\"alice\": " + dir), e.getMessage());
    assertNull(e.getCause());
  }

  private static IdentityConfig identity(Map<String, String> properties) {
    return new SmallRyeConfigBuilder()
        .withSources(new PropertiesConfigSource(properties, "test", 500))
        .withMapping(IdentityConfig.class)
        .build()
        .getConfigMapping(IdentityConfig.class);
  }

  private static Config config(Map<String, String> properties) {
    return new SmallRyeConfigBuilder()
        .withSources(new PropertiesConfigSource(properties, "test", 500))
        .build();
  }
}
