package io.hybridfailover.prober.publish;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.prober.LoopbackServer;
import io.hybridfailover.prober.LoopbackTargetsResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Kafka is unreachable from the start: probing goes on, the newest observations wait in a bounded
 * buffer, readiness is DOWN and the log says so once.
 */
@QuarkusTest
@TestProfile(KafkaUnreachableTest.NoKafka.class)
@WithTestResource(LoopbackTargetsResource.class)
class KafkaUnreachableTest {

  static final int BUFFER_SIZE = 5;

  /** Nothing listens on the broker's port; sends give up after half a second. */
  public static class NoKafka implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "kafka.bootstrap.servers",
          "127.0.0.1:" + LoopbackServer.closedPort(),
          "mp.messaging.outgoing.observations.max.block.ms",
          "500",
          "hybrid.prober.publish.buffer-size",
          Integer.toString(BUFFER_SIZE),
          "quarkus.log.file.enabled",
          "true",
          "quarkus.log.file.path",
          "target/kafka-unreachable-" + System.nanoTime() + ".log");
    }
  }

  @Inject ObservationPublisher publisher;

  @ConfigProperty(name = "quarkus.log.file.path")
  Path log;

  @Test
  void keepsTheNewestObservationsIsNotReadyAndLogsOnce() throws IOException {
    // Both targets keep being probed: observations keep coming after the buffer is full.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> publisher.status().dropped() > 10 && publisher.status().failures() > 3);

    // Bounded: drops happened, yet no more than the newest BUFFER_SIZE are kept (one of them may
    // be out for a retry at any moment).
    PublishPipeline.Status status = publisher.status();
    assertEquals(BUFFER_SIZE, status.capacity());
    assertTrue(status.buffered() <= BUFFER_SIZE, () -> "buffered " + status.buffered());

    JsonPath readiness =
        given().when().get("/q/health/ready").then().statusCode(503).extract().jsonPath();
    String check = "checks.find { it.name == '" + PublishingReadinessCheck.NAME + "' }";
    assertEquals("DOWN", readiness.getString(check + ".status"));
    assertTrue(readiness.getInt(check + ".data.buffered") <= BUFFER_SIZE);
    assertTrue(readiness.getLong(check + ".data.dropped") > 10);

    List<String> lines = Files.readAllLines(log);
    assertEquals(
        1,
        lines.stream()
            .filter(line -> line.contains("Cannot publish observations to Kafka"))
            .count(),
        "one log line for the outage, not one per probe or per failure");
    assertEquals(
        List.of(),
        lines.stream()
            .filter(line -> line.contains("SRMSG18206") || line.contains("SRMSG18212"))
            .toList(),
        "the connector's per-record errors are left out");
  }

  @Test
  void staysAlive() {
    given().when().get("/q/health/live").then().statusCode(200);
  }
}
