package io.hybridfailover.kafka.embedded;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts an {@link EmbeddedKafka} broker for a {@code @QuarkusTest} and points the application's
 * Kafka clients at it ({@code kafka.bootstrap.servers}). Use with
 * {@code @WithTestResource(EmbeddedKafkaTestResource.class)}.
 */
public class EmbeddedKafkaTestResource implements QuarkusTestResourceLifecycleManager {

  private EmbeddedKafka kafka;

  @Override
  public Map<String, String> start() {
    kafka = EmbeddedKafka.start();
    return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers());
  }

  @Override
  public void inject(TestInjector testInjector) {
    testInjector.injectIntoFields(kafka, new TestInjector.MatchesType(EmbeddedKafka.class));
  }

  @Override
  public void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }
}
