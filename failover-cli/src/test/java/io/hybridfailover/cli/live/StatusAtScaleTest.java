package io.hybridfailover.cli.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventData;
import io.hybridfailover.events.FailoverState;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Verdict;
import io.hybridfailover.events.kafka.EventSerializer;
import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code hybrid status} on 1,000 services: the state topic holds three states per service (as a not
 * yet compacted topic does), the observations topic a minute of probes of both clusters by three
 * probers, and 10 services are frozen. Prints how long it took.
 */
class StatusAtScaleTest {

  private static final int SERVICES = 1_000;

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Test
  void readsAThousandServicesInSeconds() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    int observations = 0;
    Properties props = new Properties();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    // A bulk load into a broker on a busy machine: no idempotence, so a retried batch is no error.
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    try (KafkaProducer<String, Event<?>> producer =
        new KafkaProducer<>(props, new StringSerializer(), new EventSerializer())) {
      for (int i = 0; i < SERVICES; i++) {
        String service = "ns" + (i % 20) + "/svc-" + i;
        for (long epoch = 1; epoch <= 3; epoch++) {
          send(
              producer,
              new FailoverState(
                  service,
                  epoch == 3 ? Mode.PRIMARY : Mode.FAILED_OVER,
                  epoch,
                  epoch == 3 ? Routing.allDesktop() : Routing.allGke(),
                  epoch == 3 ? Placement.PRIMARY : Placement.GKE,
                  i < 10,
                  now.minusSeconds(600 - epoch),
                  Map.of(Cluster.DESKTOP, Verdict.UP, Cluster.GKE, Verdict.UP)));
        }
        if (i < 10) {
          send(
              producer,
              new OperatorOverride(
                  service, OverrideAction.FREEZE, "scale test", "alice", now.minusSeconds(60)));
        }
        // A minute of probes: every 10 s, both clusters, three probers.
        for (int second = 60; second > 0; second -= 10) {
          for (String prober : new String[] {"prober-a", "prober-b", "prober-c"}) {
            for (Cluster cluster : Cluster.values()) {
              send(
                  producer,
                  Cli.observation(service, cluster, Outcome.UP, now.minusSeconds(second)).data());
              observations++;
            }
          }
        }
      }
      producer.flush();
    }

    Cli cli = new Cli(kafka.bootstrapServers());
    long[] millis = new long[3];
    Cli.Run text = null;
    for (int run = 0; run < millis.length; run++) {
      long start = System.nanoTime();
      text = cli.run("status");
      millis[run] = (System.nanoTime() - start) / 1_000_000;
      assertEquals(0, text.exit(), text.err());
    }
    assertEquals(SERVICES + 1, text.out().lines().count(), "a header and one line per service");
    assertEquals(10, text.out().lines().filter(l -> l.contains("frozen by alice")).count());
    assertTrue(text.out().lines().skip(1).allMatch(l -> l.contains("PRIMARY  3 ")), text.out());

    long start = System.nanoTime();
    Cli.Run json = cli.run("status", "--output", "json");
    long jsonMillis = (System.nanoTime() - start) / 1_000_000;
    JsonNode array = new ObjectMapper().readTree(json.out());
    assertEquals(SERVICES, array.size());
    assertTrue(array.get(0).get("observationAgeMs").has("desktop"), array.get(0).toString());

    System.out.printf(
        "status on %d services (%d states, %d observations in the window): %d ms first run, %d ms"
            + " and %d ms after; --output json %d ms%n",
        SERVICES, 3 * SERVICES, observations, millis[0], millis[1], millis[2], jsonMillis);
  }

  /** Sends as the event's producer would have, at the event's time. */
  private static void send(KafkaProducer<String, Event<?>> producer, EventData data) {
    Event<?> event = Event.of("/test", data);
    producer.send(
        new ProducerRecord<>(event.topic(), null, event.time().toEpochMilli(), event.key(), event));
  }
}
