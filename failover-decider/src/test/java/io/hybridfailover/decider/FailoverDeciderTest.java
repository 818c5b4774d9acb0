package io.hybridfailover.decider;

import static io.hybridfailover.events.Cluster.DESKTOP;
import static io.hybridfailover.events.Cluster.GKE;
import static io.hybridfailover.events.Outcome.DOWN;
import static io.hybridfailover.events.Outcome.UP;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.kafka.EventDeserializer;
import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import io.hybridfailover.kafka.embedded.EmbeddedKafkaTestResource;
import io.hybridfailover.kafka.embedded.TopicClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/** The whole service through the real embedded broker: inputs in, decisions out, state served. */
@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
class FailoverDeciderTest {

  EmbeddedKafka kafka;

  @Test
  void desktopDownOnThreeProbersFailsOverWithEpochOneAndServesTheState() throws Exception {
    try (TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
      probe(topics, UP, UP);
      probe(topics, DOWN, UP);

      ConsumerRecord<String, Event<?>> record =
          topics
              .awaitRecord(
                  List.of(Topics.COMMANDS),
                  new EventDeserializer(),
                  r -> true,
                  Duration.ofSeconds(60))
              .orElseThrow(() -> new AssertionError("no command"));
      Command command = (Command) record.value().data();
      assertEquals(Inputs.SERVICE, record.key());
      assertEquals(1, command.epoch());
      assertEquals(Mode.FAILED_OVER, command.mode());
      assertEquals(Routing.allGke(), command.routing());
    }

    given()
        .get("/state/shop/web")
        .then()
        .statusCode(200)
        .body("type", equalTo("io.hybridfailover.failover.state.v1"))
        .body("data.mode", equalTo("FAILED_OVER"))
        .body("data.epoch", equalTo(1));
    given().get("/state/shop/unknown").then().statusCode(404);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                given()
                    .get("/q/metrics")
                    .then()
                    .body(
                        containsString(
                            "hybrid_decider_mode{mode=\"FAILED_OVER\",service=\"shop/web\"} 1.0")));
  }

  /** Four rounds, 250 ms apart, of all three probers reporting both clusters. */
  private static void probe(TopicClient topics, Outcome desktop, Outcome gke)
      throws InterruptedException {
    for (int round = 0; round < 4; round++) {
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      for (String prober : Inputs.PROBERS) {
        topics.send(Inputs.observation(prober, DESKTOP, desktop, now));
        topics.send(Inputs.observation(prober, GKE, gke, now));
      }
      Inputs.pace(Duration.ofMillis(250));
    }
  }

  @Test
  void aMalformedRecordIsDeadLetteredWithItsReason() {
    byte[] malformed = "{not json".getBytes(StandardCharsets.UTF_8);
    try (TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
      topics.sendRaw(Topics.OVERRIDES, "shop/web", malformed);
      ConsumerRecord<String, byte[]> dead =
          topics
              .awaitRecord(
                  List.of(Topics.dlq(Topics.OVERRIDES)),
                  new ByteArrayDeserializer(),
                  r -> Arrays.equals(malformed, r.value()),
                  Duration.ofSeconds(60))
              .orElseThrow(() -> new AssertionError("malformed record never reached the DLQ"));
      Header reason = dead.headers().lastHeader(InputDecoder.REASON_HEADER);
      assertTrue(new String(reason.value(), StandardCharsets.UTF_8).startsWith("not JSON"));
    }
  }

  @Test
  void reportsItsHealthIncludingKafkaStreams() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .get("/q/health")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("UP"))
                    .body(
                        "checks.name",
                        hasItems(
                            StreamsChecks.RUNNING, StreamsChecks.NOT_FAILED, "Kafka reachable")));
  }
}
