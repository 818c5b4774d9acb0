package io.hybridfailover.kafka.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.EventData;
import io.hybridfailover.events.FailoverState;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.RecordKeys;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.TopicSpec;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.Transition;
import io.hybridfailover.events.Verdict;
import io.hybridfailover.events.Vote;
import io.hybridfailover.events.kafka.EventDeserializer;
import io.hybridfailover.events.kafka.EventSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every contract event type through a real broker, read back by our codec and by the SDK. */
class ContractTopicsRoundTripTest {

  private static final Instant T = Instant.parse("2026-11-23T10:15:03.120Z");
  private static final String SERVICE = "shop/web";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  static List<Event<? extends EventData>> oneOfEachType() {
    return List.of(
        Event.of(
            "/health-prober/prober-gke-a",
            new Observation(
                SERVICE,
                Cluster.DESKTOP,
                Check.HTTP,
                "prober-gke-a",
                Outcome.DOWN,
                1000,
                "connect timeout after 1000 ms",
                "http://web-desktop.shop.svc.cluster.local/healthz",
                T)),
        Event.of(
            "/failover-decider/decider-0",
            new Transition(
                SERVICE,
                Cluster.DESKTOP,
                Verdict.UP,
                Verdict.DOWN,
                Map.of(
                    "prober-gke-a", Vote.DOWN, "prober-gke-b", Vote.DOWN, "prober-ext", Vote.STALE),
                "2 of 3 probers saw 3 consecutive failures",
                T)),
        Event.of(
            "/failover-decider/decider-0",
            new Command(
                UUID.randomUUID().toString(),
                SERVICE,
                12,
                Mode.FAILED_OVER,
                Routing.allGke(),
                Placement.GKE,
                "desktop DOWN (quorum 2/3), gke UP",
                List.of(UUID.randomUUID().toString()),
                false,
                T)),
        Event.of(
            "/traffic-switcher/switcher-0",
            new ActuationResult(
                UUID.randomUUID().toString(),
                SERVICE,
                12,
                "traffic-switcher",
                ActuationOutcome.APPLIED,
                "split.smi-spec.io/v1alpha2 TrafficSplit shop/web",
                1,
                "weights web=100 web-desktop=0",
                T)),
        Event.of(
            "/failover-decider/decider-0",
            new FailoverState(
                SERVICE,
                Mode.FAILED_OVER,
                12,
                Routing.allGke(),
                Placement.GKE,
                false,
                T,
                Map.of(Cluster.DESKTOP, Verdict.DOWN, Cluster.GKE, Verdict.UP))),
        Event.of(
            "/operator/alice",
            new OperatorOverride(
                SERVICE, OverrideAction.FREEZE, "planned desktop maintenance", "alice", T)));
  }

  @Test
  void everyContractTopicExistsWithTheContractsSettings() throws Exception {
    try (Admin admin = kafka.admin()) {
      Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
      for (TopicSpec spec : EmbeddedKafka.topics()) {
        assertTrue(names.contains(spec.name()), "missing topic " + spec.name());
      }
      ConfigResource state = new ConfigResource(ConfigResource.Type.TOPIC, Topics.STATE);
      ConfigResource observations =
          new ConfigResource(ConfigResource.Type.TOPIC, Topics.OBSERVATIONS);
      Map<ConfigResource, Config> configs =
          admin.describeConfigs(List.of(state, observations)).all().get(10, TimeUnit.SECONDS);
      assertEquals(
          TopicConfig.CLEANUP_POLICY_COMPACT,
          configs.get(state).get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
      assertEquals(
          TopicConfig.CLEANUP_POLICY_DELETE,
          configs.get(observations).get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
      assertEquals(
          Long.toString(Duration.ofDays(7).toMillis()),
          configs.get(observations).get(TopicConfig.RETENTION_MS_CONFIG).value());
    }
  }

  @Test
  void eachEventTypeRoundTripsThroughItsTopicWithOurCodec() {
    List<Event<? extends EventData>> sent = oneOfEachType();
    produce(sent);
    Map<String, Event<?>> received =
        consume(new EventDeserializer(), e -> e.id(), idsOf(sent)).stream()
            .map(ConsumerRecord::value)
            .collect(Collectors.toMap(Event::id, e -> e, (a, b) -> a));
    for (Event<? extends EventData> event : sent) {
      assertEquals(event, received.get(event.id()), "as read back by EventCodec");
    }
  }

  @Test
  void eachEventTypeIsReadableByTheCloudEventsSdkKafkaDeserializer() throws Exception {
    List<Event<? extends EventData>> sent = oneOfEachType();
    produce(sent);
    Map<String, ConsumerRecord<String, CloudEvent>> received =
        consume(new CloudEventDeserializer(), CloudEvent::getId, idsOf(sent)).stream()
            .collect(Collectors.toMap(r -> r.value().getId(), r -> r, (a, b) -> a));
    EventCodec codec = new EventCodec();
    for (Event<? extends EventData> event : sent) {
      ConsumerRecord<String, CloudEvent> record = received.get(event.id());
      assertNotNull(record, "SDK did not read event " + event.type());
      CloudEvent ce = record.value();
      assertEquals(event.type().type(), ce.getType());
      assertEquals(event.subject(), ce.getSubject());
      assertEquals(event.source(), ce.getSource().toString());
      assertEquals(event.time(), ce.getTime().toInstant());
      assertEquals(RecordKeys.keyFor(event), record.key());
      JsonNode ours = JSON.readTree(codec.encode(event)).get("data");
      JsonNode theirs = JSON.readTree(new String(ce.getData().toBytes(), StandardCharsets.UTF_8));
      assertEquals(ours, theirs, "data of " + event.type());
    }
  }

  private static void produce(List<Event<? extends EventData>> events) {
    try (KafkaProducer<String, Event<?>> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true),
            new StringSerializer(),
            new EventSerializer())) {
      for (Event<? extends EventData> event : events) {
        producer.send(new ProducerRecord<>(event.type().topic(), RecordKeys.keyFor(event), event));
      }
      producer.flush();
    }
  }

  private static Set<String> idsOf(List<Event<? extends EventData>> events) {
    return events.stream().map(Event::id).collect(Collectors.toSet());
  }

  /** Reads the contract topics from the start, in a fresh group, until every wanted id was seen. */
  private static <V> List<ConsumerRecord<String, V>> consume(
      Deserializer<V> values, Function<V, String> idOf, Set<String> wanted) {
    Set<String> missing = new HashSet<>(wanted);
    Collection<String> topics = Topics.contractTopics().stream().map(TopicSpec::name).toList();
    List<ConsumerRecord<String, V>> records = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "round-trip-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            values)) {
      consumer.subscribe(topics);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
          if (missing.remove(idOf.apply(record.value()))) {
            records.add(record);
          }
        }
        if (missing.isEmpty()) {
          break;
        }
      }
    }
    return records;
  }
}
