package io.hybridfailover.decider;

import io.hybridfailover.decider.core.Decider;
import io.hybridfailover.decider.core.DeciderSettingsSet;
import io.hybridfailover.decider.core.InvalidSettingException;
import io.hybridfailover.events.identity.ActorKeys;
import io.hybridfailover.events.identity.ActorRole;
import io.hybridfailover.events.identity.TrustedActors;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Builds the decision core from the {@code hybrid.decider.*} settings of this service's own
 * configuration (read through the core's mapping, {@code DeciderSettingsConfig}), and the topology
 * the Kafka Streams extension runs. A bad setting fails here, at start-up, with a message naming
 * its key.
 */
public class DeciderProducer {

  private static final Logger LOG = Logger.getLogger(DeciderProducer.class);

  /**
   * The core, at start-up. A bad setting becomes a {@link ConfigurationException} without a cause:
   * Quarkus then prints its message alone (the key on the first line) and exits, instead of a stack
   * trace with the key in a {@code Caused by:} line.
   */
  @Produces
  @Singleton
  Decider startUp(Config config) {
    try {
      return decider(config);
    } catch (InvalidSettingException e) {
      throw new ConfigurationException(e.getMessage());
    }
  }

  /**
   * The core configured by {@code config}.
   *
   * @throws InvalidSettingException naming the key of a bad setting
   */
  Decider decider(Config config) {
    return new Decider(DeciderSettingsSet.load(config));
  }

  /**
   * The actors whose signed records the decider accepts ({@code hybrid.identity.*}). A key file
   * that cannot be read stops start-up naming its setting.
   */
  @Produces
  @Singleton
  TrustedActors trustedActors(IdentityConfig identity) {
    TrustedActors trusted;
    try {
      trusted =
          trustedActors(
              Map.of(
                  ActorRole.PROBER, identity.probers(),
                  ActorRole.ACTUATOR, identity.actuators(),
                  ActorRole.OPERATOR, identity.operators()));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(e.getMessage());
    }
    if (trusted.enabled()) {
      LOG.infof("inputs are verified: %s", trusted);
    } else {
      LOG.warn(
          "no trusted actors (hybrid.identity.probers/actuators/operators): the signatures of the"
              + " inputs are not checked, and whoever may write them may claim any prober,"
              + " actuator or operator");
    }
    return trusted;
  }

  /**
   * The trusted actors with the keys in their files.
   *
   * @throws IllegalArgumentException naming the setting of a file that holds no usable key
   */
  static TrustedActors trustedActors(Map<ActorRole, Map<String, Path>> files) {
    Map<ActorRole, Map<String, List<PublicKey>>> keys = new EnumMap<>(ActorRole.class);
    files.forEach(
        (role, actors) -> {
          Map<String, List<PublicKey>> byActor = new TreeMap<>();
          actors.forEach(
              (actor, file) -> {
                try {
                  byActor.put(actor, ActorKeys.readPublicKeys(file));
                } catch (IllegalArgumentException e) {
                  throw new IllegalArgumentException(
                      "hybrid.identity." + role.noun() + "s.\"" + actor + "\": " + e.getMessage());
                }
              });
          keys.put(role, byActor);
        });
    return TrustedActors.of(keys);
  }

  @Produces
  @Singleton
  Topology topology(
      Decider decider, DeciderMetrics metrics, ServiceConfig service, TrustedActors trusted) {
    return DeciderTopology.build(
        decider,
        metrics,
        "/failover-decider/" + service.instanceId(),
        TaskCount.fromBroker(),
        trusted);
  }
}
