package io.hybridfailover.decider;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.function.Predicate;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * The decider's health, read from its Kafka Streams client's state. Ready only while the client
 * runs (RUNNING, or REBALANCING on its way back to it): a decider whose client stopped or has not
 * started decides nothing, and must say so. Not live only once the client has stopped itself after
 * a fatal error (ERROR, or PENDING_ERROR on its way there): it never starts again by itself, a
 * restart does; waiting for the broker or for the topics is no reason to be restarted.
 */
@ApplicationScoped
public class StreamsChecks {

  static final String RUNNING = "failover-decider Kafka Streams client running";
  static final String NOT_FAILED = "failover-decider Kafka Streams client not failed";

  private final KafkaStreams streams;

  StreamsChecks(KafkaStreams streams) {
    this.streams = streams;
  }

  @Produces
  @Readiness
  HealthCheck running() {
    return () -> of(RUNNING, KafkaStreams.State::isRunningOrRebalancing);
  }

  @Produces
  @Liveness
  HealthCheck notFailed() {
    return () ->
        of(
            NOT_FAILED,
            state ->
                state != KafkaStreams.State.ERROR && state != KafkaStreams.State.PENDING_ERROR);
  }

  private HealthCheckResponse of(String name, Predicate<KafkaStreams.State> up) {
    KafkaStreams.State state = streams.state();
    return HealthCheckResponse.named(name)
        .status(up.test(state))
        .withData("state", state.name())
        .build();
  }
}
