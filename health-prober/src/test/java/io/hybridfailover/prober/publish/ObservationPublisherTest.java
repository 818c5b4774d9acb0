package io.hybridfailover.prober;

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
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
class ObservationPublisherTest {

  EmbeddedKafka kafka;

  @Inject ObservationPublisher publisher;
  @Inject ProberConfig config;

  @Test
  void publishesAnObservationAsAContractEventKeyedByServiceAndCluster() throws Exception {
    Observation observation =
        new Observation(
            "shop/web",
            Cluster.DESKTOP,
            Check.HTTP,
            config.id(),
            Outcome.DOWN,
            800,
            "timeout after 800 ms",
            "http://web-desktop.shop.svc.cluster.local/healthz",
            Instant.now().truncatedTo(ChronoUnit.MILLIS));

    publisher.publish(observation).toCompletableFuture().get(30, TimeUnit.SECONDS);

    try (TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
      ConsumerRecord<String, Event<?>> record =
          topics
              .awaitRecord(
                  List.of(Topics.OBSERVATIONS),
                  new EventDeserializer(),
                  r -> observation.equals(r.value().data()),
                  Duration.ofSeconds(30))
              .orElseThrow(() -> new AssertionError("observation never reached the topic"));
      assertEquals("shop/web@desktop", record.key());
      assertEquals("/health-prober/" + config.id(), record.value().source());
      assertEquals(
          EventCodec.CONTENT_TYPE,
          new String(record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void reportsItsHealthIncludingTheKafkaConnector() {
    given().when().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
  }
}
