package io.hybridfailover.decider;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Not live only once the Kafka Streams client has stopped itself after a fatal error (ERROR, or
 * PENDING_ERROR on its way there): it never starts again by itself, a restart does. Waiting for the
 * broker or for the topics (CREATED, REBALANCING) is not a reason to be restarted: readiness says
 * that.
 */
@Liveness
@ApplicationScoped
public class StreamsFailedCheck implements HealthCheck {

  static final String NAME = "failover-decider Kafka Streams client not failed";

  private final KafkaStreams streams;

  StreamsFailedCheck(KafkaStreams streams) {
    this.streams = streams;
  }

  @Override
  public HealthCheckResponse call() {
    KafkaStreams.State state = streams.state();
    boolean failed = state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR;
    return HealthCheckResponse.named(NAME).status(!failed).withData("state", state.name()).build();
  }
}
