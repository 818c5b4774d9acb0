package io.hybridfailover.decider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/**
 * Readiness follows the Streams client: DOWN before it runs and after it stopped. Liveness is DOWN
 * only after a fatal error: a client that waits (for the broker, for its topics) is not restarted.
 */
class StreamsChecksTest {

  @Test
  void downWhileTheClientIsNotRunning() {
    KafkaStreams streams = streams();
    HealthCheck check = new StreamsChecks(streams).running();

    HealthCheckResponse created = check.call();
    streams.close();
    HealthCheckResponse closed = check.call();

    assertEquals(HealthCheckResponse.Status.DOWN, created.getStatus());
    assertEquals("CREATED", created.getData().orElseThrow().get("state"));
    assertEquals(HealthCheckResponse.Status.DOWN, closed.getStatus());
    assertEquals("NOT_RUNNING", closed.getData().orElseThrow().get("state"));
  }

  @Test
  void liveWhileTheClientWaitsOrWasStopped() {
    KafkaStreams streams = streams();
    HealthCheck check = new StreamsChecks(streams).notFailed();

    HealthCheckResponse created = check.call();
    streams.close();
    HealthCheckResponse closed = check.call();

    assertEquals(HealthCheckResponse.Status.UP, created.getStatus());
    assertEquals("CREATED", created.getData().orElseThrow().get("state"));
    assertEquals(HealthCheckResponse.Status.UP, closed.getStatus());
  }

  private static KafkaStreams streams() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("in").to("out");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "readiness-test");
    // Resolvable but never contacted: the client is never started.
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
    props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    props.put(StreamsConfig.STATE_DIR_CONFIG, "target/readiness-test-state");
    return new KafkaStreams(builder.build(), props);
  }
}
