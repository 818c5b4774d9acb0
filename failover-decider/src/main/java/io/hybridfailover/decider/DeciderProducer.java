package io.hybridfailover.decider;

import io.hybridfailover.decider.core.Decider;
import io.hybridfailover.decider.core.DeciderSettings;
import io.hybridfailover.decider.core.DeciderSettingsSet;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.Config;

/**
 * Builds the decision core from every {@code hybrid.decider.*} setting, and the topology the Kafka
 * Streams extension runs. A bad setting fails here, at start-up, with a message naming its key.
 */
public class DeciderProducer {

  @Produces
  @Singleton
  Decider decider(Config config) {
    Map<String, String> settings = new TreeMap<>();
    for (String name : config.getPropertyNames()) {
      if (name.startsWith(DeciderSettings.PREFIX)) {
        settings.put(name, config.getValue(name, String.class));
      }
    }
    return new Decider(DeciderSettingsSet.fromProperties(settings));
  }

  @Produces
  @Singleton
  Topology topology(Decider decider, DeciderMetrics metrics, ServiceConfig service) {
    return DeciderTopology.build(decider, metrics, "/failover-decider/" + service.instanceId());
  }
}
