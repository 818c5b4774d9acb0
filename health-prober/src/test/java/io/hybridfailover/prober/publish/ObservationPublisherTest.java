package io.hybridfailover.prober.publish;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.kafka.EventDeserializer;
import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import io.hybridfailover.kafka.embedded.EmbeddedKafkaTestResource;
import io.hybridfailover.kafka.embedded.TopicClient;
import io.hybridfailover.prober.LoopbackTargetsResource;
import io.hybridfailover.prober.ProberConfig;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithTestResource(LoopbackTargetsResource.class)
class ObservationPublisherTest {

  EmbeddedKafka kafka;

  @Inject ObservationPublisher publisher;
  @Inject ProberConfig config;

  @Test
  void publishesAnObservationAsAContractEventKeyedByServiceAndCluster() {
    Observation observation =
        new Observation(
            "shop/api",
            Cluster.DESKTOP,
            Check.HTTP,
            config.id(),
            Outcome.DOWN,
            800,
            "timeout after 800 ms",
            "http://api-desktop.shop.svc.cluster.local/healthz",
            Instant.now().truncatedTo(ChronoUnit.MILLIS));

    publisher.publish(observation);

    try (TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
      ConsumerRecord<String, Event<?>> record =
          topics
              .awaitRecord(
                  List.of(Topics.OBSERVATIONS),
                  new EventDeserializer(),
                  r -> observation.equals(r.value().data()),
                  Duration.ofSeconds(30))
              .orElseThrow(() -> new AssertionError("observation never reached the topic"));
      assertEquals("shop/api@desktop", record.key());
      assertEquals("/health-prober/" + config.id(), record.value().source());
      assertEquals(
          EventCodec.CONTENT_TYPE,
          new String(record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void isReadyWhilePublishingWorks() {
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body(
            "checks.find { it.name == '" + PublishingReadinessCheck.NAME + "' }.status",
            equalTo("UP"));
  }
}
