package io.hybridfailover.prober.probe;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridfailover.events.Event;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.kafka.EventDeserializer;
import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import io.hybridfailover.kafka.embedded.EmbeddedKafkaTestResource;
import io.hybridfailover.kafka.embedded.TopicClient;
import io.hybridfailover.prober.LoopbackTargetsResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The configured targets are probed on their own and their observations reach the topic. */
@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithTestResource(LoopbackTargetsResource.class)
class ProbingTest {

  EmbeddedKafka kafka;

  @Test
  void eachConfiguredTargetIsObservedUnderItsKey() {
    Observation desktop = awaitObservation("shop/web@desktop");
    assertEquals(Outcome.UP, desktop.outcome());
    assertEquals("prober-test", desktop.prober());

    Observation gke = awaitObservation("shop/web@gke");
    assertEquals(Outcome.DOWN, gke.outcome());
    assertEquals("status 500, expected 200-399", gke.detail());
  }

  @Test
  void probesShowInTheMetrics() {
    awaitObservation("shop/web@gke");

    given()
        .when()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(
            containsString(
                "hybrid_prober_probes_total{cluster=\"gke\",outcome=\"DOWN\",reason=\"status\","
                    + "service=\"shop/web\"}"))
        .body(containsString("hybrid_prober_probe_duration_seconds_bucket{cluster=\"desktop\""));
  }

  private Observation awaitObservation(String key) {
    try (TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
      ConsumerRecord<String, Event<?>> record =
          topics
              .awaitRecord(
                  List.of(Topics.OBSERVATIONS),
                  new EventDeserializer(),
                  r -> key.equals(r.key()),
                  Duration.ofSeconds(30))
              .orElseThrow(() -> new AssertionError("no observation keyed " + key));
      return (Observation) record.value().data();
    }
  }
}
