package io.hybridfailover.placement;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.kafka.EventDeserializer;
import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import io.hybridfailover.kafka.embedded.EmbeddedKafkaTestResource;
import io.hybridfailover.kafka.embedded.TopicClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
class CommandIntakeTest {

  EmbeddedKafka kafka;

  @Test
  void answersACommandForAnUnconfiguredServiceWithARefusal() {
    Command command =
        new Command(
            UUID.randomUUID().toString(),
            "shop/web",
            7,
            Mode.FAILED_OVER,
            Routing.allGke(),
            Placement.GKE,
            "desktop DOWN (quorum 2/3), gke UP",
            List.of(),
            false,
            Instant.now().truncatedTo(ChronoUnit.MILLIS));

    try (TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
      topics.send(Event.of("/failover-decider/test", command));

      ConsumerRecord<String, Event<?>> record =
          topics
              .awaitRecord(
                  List.of(Topics.RESULTS),
                  new EventDeserializer(),
                  r ->
                      r.value().data() instanceof ActuationResult result
                          && result.commandId().equals(command.commandId()),
                  Duration.ofSeconds(30))
              .orElseThrow(() -> new AssertionError("no result for the command"));

      ActuationResult result = (ActuationResult) record.value().data();
      assertEquals("shop/web", record.key());
      assertEquals(ActuationOutcome.REFUSED, result.outcome());
      assertEquals(CommandIntake.ACTUATOR, result.actuator());
      assertEquals(7, result.epoch());
      assertTrue(result.detail().contains("shop/web"), result.detail());
    }
  }

  @Test
  void reportsItsHealthIncludingTheKafkaConnectors() {
    given().when().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
  }
}
