package io.hybridfailover.decider;

import io.hybridfailover.decider.core.Decider;
import io.hybridfailover.decider.core.DeciderSettingsSet;
import io.hybridfailover.decider.core.InvalidSettingException;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.Config;

/**
 * Builds the decision core from the {@code hybrid.decider.*} settings of this service's own
 * configuration (read through the core's mapping, {@code DeciderSettingsConfig}), and the topology
 * the Kafka Streams extension runs. A bad setting fails here, at start-up, with a message naming
 * its key.
 */
public class DeciderProducer {

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

  @Produces
  @Singleton
  Topology topology(Decider decider, DeciderMetrics metrics, ServiceConfig service) {
    return DeciderTopology.build(decider, metrics, "/failover-decider/" + service.instanceId());
  }
}
