package io.hybridfailover.prober.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.Event;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.kafka.EventDeserializer;
import io.hybridfailover.events.kafka.ServicePartitioner;
import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import io.hybridfailover.kafka.embedded.EmbeddedKafkaTestResource;
import io.hybridfailover.kafka.embedded.TopicClient;
import io.hybridfailover.prober.MisbehavingTargetsResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real loopback servers that are up, refuse connections, answer too late, never answer, answer 500
 * or answer 200 without the expected text: the prober's observations of each, read back from the
 * real embedded broker, carry the right outcome and a detail that names the cause.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithTestResource(MisbehavingTargetsResource.class)
class ProbeOutcomesTest {

  private static final String UP = "lab/healthy-or-failing@desktop";
  private static final String FAILING = "lab/healthy-or-failing@gke";
  private static final String REFUSED = "lab/refused-or-wrong-body@desktop";
  private static final String WRONG_BODY = "lab/refused-or-wrong-body@gke";
  private static final String SLOW = "lab/slow-or-blackholed@desktop";
  private static final String BLACKHOLED = "lab/slow-or-blackholed@gke";
  private static final Set<String> ALL = Set.of(UP, FAILING, REFUSED, WRONG_BODY, SLOW, BLACKHOLED);

  EmbeddedKafka kafka;

  /** The first observation of every target, as published: read once for all tests. */
  private static Map<String, Observation> first;

  /** The partition each target's first observation was on. */
  private static Map<String, Integer> partitions;

  @BeforeEach
  void readFirstObservationOfEachTarget() {
    if (first != null) {
      return;
    }
    Map<String, Observation> observed = new LinkedHashMap<>();
    Map<String, Integer> partitionOf = new LinkedHashMap<>();
    try (TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
      List<ConsumerRecord<String, Event<?>>> records =
          topics.readUntil(
              List.of(Topics.OBSERVATIONS),
              new EventDeserializer(),
              read -> read.stream().map(ConsumerRecord::key).distinct().count() >= ALL.size(),
              Duration.ofSeconds(30));
      for (ConsumerRecord<String, Event<?>> record : records) {
        observed.putIfAbsent(record.key(), (Observation) record.value().data());
        partitionOf.putIfAbsent(record.key(), record.partition());
      }
    }
    assertEquals(ALL, observed.keySet(), "every configured target was observed on the topic");
    first = observed;
    partitions = partitionOf;
  }

  @Test
  void bothClustersOfAServiceAreObservedOnThePartitionOfItsCommands() {
    for (String key : ALL) {
      String service = ServicePartitioner.serviceOf(key);
      assertEquals(
          ServicePartitioner.partition(service, EmbeddedKafka.DEFAULT_PARTITIONS),
          partitions.get(key),
          key);
    }
  }

  @Test
  void aServerThatAnswersWithTheExpectedTextIsUp() {
    Observation up = first.get(UP);
    assertEquals(Outcome.UP, up.outcome());
    assertEquals(null, up.detail(), "an UP observation has no detail");
    assertEquals("prober-test", up.prober());
  }

  @Test
  void aServerAnswering500IsDownWithTheStatus() {
    assertDown(FAILING, "status 500, expected 200-399");
  }

  @Test
  void aClosedPortIsDownAsRefused() {
    assertDown(REFUSED, "connection refused by " + endpoint(REFUSED));
  }

  @Test
  void aServerAnswering200WithoutTheExpectedTextIsDownForTheBody() {
    assertDown(WRONG_BODY, "status 200 but the body does not contain \"UP\"");
  }

  @Test
  void aServerAnsweringAfterTheTimeoutIsDownAtTheTimeout() {
    // The server answers 200 "ok" 2 s later: the probe gave up at its timeout, it did not wait.
    assertDown(SLOW, "timeout after 400 ms: connected to " + endpoint(SLOW) + " but no response");
  }

  @Test
  void aBlackholedLineIsDownAtTheTimeout() {
    // The kernel accepts the connection; nothing ever reads the request or answers.
    assertDown(
        BLACKHOLED,
        "timeout after 400 ms: connected to " + endpoint(BLACKHOLED) + " but no response");
  }

  private void assertDown(String key, String detail) {
    Observation observation = first.get(key);
    assertEquals(Outcome.DOWN, observation.outcome(), key);
    assertEquals(detail, observation.detail(), key);
    assertEquals("prober-test", observation.prober());
  }

  /** {@code 127.0.0.1:<port>} of the target as the observation names it. */
  private String endpoint(String key) {
    URI target = URI.create(first.get(key).target());
    assertTrue(target.getPort() > 0, key);
    return target.getHost() + ":" + target.getPort();
  }
}
