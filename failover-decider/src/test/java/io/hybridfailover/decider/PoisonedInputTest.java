package io.hybridfailover.decider;

import static io.hybridfailover.events.Cluster.DESKTOP;
import static io.hybridfailover.events.Cluster.GKE;
import static io.hybridfailover.events.Outcome.DOWN;
import static io.hybridfailover.events.Outcome.UP;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Outcome;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * v1.1 clarification 3 through the real embedded broker: records the core cannot apply are
 * dead-lettered with their reason, and the same running decider goes on failing over (no restart,
 * no crash loop).
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
class PoisonedInputTest {

  private static final String POISONED = "shop/poisoned";
  private static final String SECOND = "shop/second";

  EmbeddedKafka kafka;

  @Test
  void aResultWithEpochLongMaxAndARecordTheCoreThrowsOnAreDeadLettered_andFailoversGoOn()
      throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Event<ActuationResult> maxEpoch =
        Event.of(
            "/traffic-switcher/hostile",
            result(POISONED, Long.MAX_VALUE, ActuationOutcome.APPLIED, null, now));
    // A STALE answer whose resourceEpoch would overflow the next command: the core throws.
    Event<ActuationResult> coreThrows =
        Event.of(
            "/traffic-switcher/hostile",
            result(POISONED, 1, ActuationOutcome.STALE, Long.MAX_VALUE, now));

    try (TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
      topics.send(maxEpoch);
      topics.send(coreThrows);

      Set<String> ids = Set.of(maxEpoch.id(), coreThrows.id());
      List<ConsumerRecord<String, Event<?>>> dead =
          topics
              .readUntil(
                  List.of(Topics.dlq(Topics.RESULTS)),
                  new EventDeserializer(),
                  read ->
                      read.stream()
                          .map(r -> r.value().id())
                          .collect(Collectors.toSet())
                          .containsAll(ids),
                  Duration.ofSeconds(60))
              .stream()
              .filter(r -> ids.contains(r.value().id()))
              .toList();
      assertEquals(2, dead.size(), "both in " + Topics.dlq(Topics.RESULTS));
      for (ConsumerRecord<String, Event<?>> record : dead) {
        String reason =
            new String(
                record.headers().lastHeader(InputDecoder.REASON_HEADER).value(),
                StandardCharsets.UTF_8);
        assertTrue(reason.contains("epoch limit"), reason);
        assertEquals(
            Topics.RESULTS,
            new String(
                record.headers().lastHeader(InputDecoder.TOPIC_HEADER).value(),
                StandardCharsets.UTF_8));
      }

      // The same decider, still running, fails both services over with their next epoch.
      outage(topics);
      Map<String, Command> commands =
          topics
              .readUntil(
                  List.of(Topics.COMMANDS),
                  new EventDeserializer(),
                  read -> commandsOf(read).keySet().containsAll(Set.of(POISONED, SECOND)),
                  Duration.ofSeconds(60))
              .stream()
              .collect(
                  Collectors.collectingAndThen(Collectors.toList(), PoisonedInputTest::commandsOf));
      for (String service : List.of(POISONED, SECOND)) {
        Command command = commands.get(service);
        assertEquals(Mode.FAILED_OVER, command.mode(), service);
        assertEquals(1, command.epoch(), service);
      }
    }

    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.name", hasItem(StreamsChecks.RUNNING))
        .body("status", equalTo("UP"));
  }

  private static Map<String, Command> commandsOf(List<ConsumerRecord<String, Event<?>>> read) {
    return read.stream()
        .map(r -> r.value().data())
        .filter(Command.class::isInstance)
        .map(Command.class::cast)
        .filter(c -> c.service().equals(POISONED) || c.service().equals(SECOND))
        .collect(Collectors.toMap(Command::service, c -> c, (first, later) -> first));
  }

  /** Both services: UP everywhere, then the desktop DOWN for all three probers. */
  private static void outage(TopicClient topics) throws InterruptedException {
    for (int round = 0; round < 8; round++) {
      Outcome desktop = round < 4 ? UP : DOWN;
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      for (String service : List.of(POISONED, SECOND)) {
        for (String prober : Inputs.PROBERS) {
          topics.send(Inputs.observation(service, prober, DESKTOP, desktop, now));
          topics.send(Inputs.observation(service, prober, GKE, UP, now));
        }
      }
      Inputs.pace(Duration.ofMillis(250));
    }
  }

  private static ActuationResult result(
      String service, long epoch, ActuationOutcome outcome, Long resourceEpoch, Instant at) {
    return new ActuationResult(
        io.hybridfailover.decider.core.Decider.class.getSimpleName() + "-" + epoch,
        service,
        epoch,
        "traffic-switcher",
        outcome,
        "split.smi-spec.io/v1alpha2 TrafficSplit " + service,
        1,
        null,
        at,
        resourceEpoch);
  }
}
