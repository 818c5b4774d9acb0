package io.hybridfailover.actuation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Topics;
import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import io.hybridfailover.kafka.embedded.TopicClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reads a real (embedded) broker's commands topic, as an actuator does at start-up. */
class CommandHistoryTest {

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void broker() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  @Test
  void theNewestCommandPerServiceIsRecoveredAndWhatIsNotACommandIsSkipped() {
    try (TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
      topics.send(Event.of("/failover-decider/a", command("shop/web", 1)));
      topics.send(Event.of("/failover-decider/a", command("shop/web", 3)));
      topics.send(Event.of("/failover-decider/a", command("shop/cart", 7)));
      // An older epoch after a newer one (a decider that lost its state): the newer one stays.
      topics.send(Event.of("/failover-decider/a", command("shop/web", 2)));
      topics.sendRaw(Topics.COMMANDS, "shop/web", "not an event");
    }
    NewestCommands recovered = new NewestCommands();

    int read =
        CommandHistory.recover(
            Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
            recovered,
            Duration.ofSeconds(30));

    assertEquals(4, read);
    assertEquals(3, recovered.newest("shop/web").orElseThrow().epoch());
    assertEquals("web-3", recovered.newest("shop/web").orElseThrow().commandId());
    assertEquals(7, recovered.newest("shop/cart").orElseThrow().epoch());
    assertTrue(recovered.newest("shop/other").isEmpty());
  }

  private static Command command(String service, long epoch) {
    return new Command(
        service.substring(service.indexOf('/') + 1) + "-" + epoch,
        service,
        epoch,
        Mode.FAILED_OVER,
        Routing.allGke(),
        Placement.GKE,
        "test",
        List.of(),
        false,
        Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }
}
