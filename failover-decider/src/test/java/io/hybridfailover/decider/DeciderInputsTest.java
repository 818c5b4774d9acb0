package io.hybridfailover.decider;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.Topics;
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

@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
class DeciderInputsTest {

  private static final String RECEIVED_OBSERVATIONS =
      "hybrid_decider_events_received_total{type=\"io.hybridfailover.health.observed.v1\"} 1.0";

  EmbeddedKafka kafka;

  @Test
  void consumesAContractObservationAndDeadLettersAMalformedRecordWithItsReason() {
    byte[] malformed = "{not json".getBytes(StandardCharsets.UTF_8);
    try (TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
      topics.sendRaw(Topics.OBSERVATIONS, "shop/web@desktop", malformed);
      topics.send(
          Event.of(
              "/health-prober/prober-test",
              new Observation(
                  "shop/web",
                  Cluster.GKE,
                  Check.HTTP,
                  "prober-test",
                  Outcome.UP,
                  12,
                  null,
                  "http://web.shop.svc.cluster.local/healthz",
                  Instant.now().truncatedTo(ChronoUnit.MILLIS))));

      ConsumerRecord<String, byte[]> dead =
          topics
              .awaitRecord(
                  List.of(Topics.dlq(Topics.OBSERVATIONS)),
                  new ByteArrayDeserializer(),
                  r -> Arrays.equals(malformed, r.value()),
                  Duration.ofSeconds(30))
              .orElseThrow(() -> new AssertionError("malformed record never reached the DLQ"));
      Header reason = dead.headers().lastHeader("dead-letter-reason");
      assertTrue(
          reason != null && new String(reason.value(), StandardCharsets.UTF_8).contains("JSON"),
          "the DLQ record says why it was rejected");
    }

    // The malformed record did not stop the channel: the valid observation after it was read.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .get("/q/metrics")
                    .then()
                    .statusCode(200)
                    .body(containsString(RECEIVED_OBSERVATIONS)));
  }

  @Test
  void reportsItsHealthIncludingTheKafkaConnectors() {
    given().when().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
  }
}
