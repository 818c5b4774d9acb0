package io.hybridfailover.decider;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the Kafka Streams client runs (RUNNING, or REBALANCING on its way back to it): a
 * decider whose client stopped (ERROR, PENDING_SHUTDOWN, NOT_RUNNING) or has not started decides
 * nothing, and must say so.
 */
@Readiness
@ApplicationScoped
public class StreamsRunningCheck implements HealthCheck {

  static final String NAME = "failover-decider Kafka Streams client running";

  private final KafkaStreams streams;

  StreamsRunningCheck(KafkaStreams streams) {
    this.streams = streams;
  }

  @Override
  public HealthCheckResponse call() {
    KafkaStreams.State state = streams.state();
    return HealthCheckResponse.named(NAME)
        .status(state.isRunningOrRebalancing())
        .withData("state", state.name())
        .build();
  }
}
