package io.hybridfailover.decider;

import static io.hybridfailover.events.Cluster.DESKTOP;
import static io.hybridfailover.events.Cluster.GKE;
import static io.hybridfailover.events.Outcome.DOWN;
import static io.hybridfailover.events.Outcome.UP;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.decider.core.Decider;
import io.hybridfailover.decider.core.DeciderSettingsSet;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.FailoverState;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.RecordKeys;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.kafka.EventDeserializer;
import io.hybridfailover.events.kafka.EventSerializer;
import io.hybridfailover.events.kafka.ServicePartitioner;
import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import io.hybridfailover.kafka.embedded.TopicClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decider on a real broker with {@value EmbeddedKafka#DEFAULT_PARTITIONS} partitions per topic:
 * one task per partition, state per task. A service's inputs meet in its task whatever partitioner
 * their producer used, and an override for all services reaches every task.
 */
class CoPartitionedInputsTest {

  private static final int PARTITIONS = EmbeddedKafka.DEFAULT_PARTITIONS;

  /** A broker per test: a decider reads its inputs from the start, other tests' included. */
  private static EmbeddedKafka kafka;

  @TempDir Path stateDir;

  private KafkaStreams decider;

  @BeforeEach
  void startBroker() {
    kafka = EmbeddedKafka.start();
  }

  @AfterEach
  void stop() {
    if (decider != null) {
      decider.close(Duration.ofSeconds(30));
    }
    kafka.close();
  }

  @Test
  void observationsFromAProducerWithKafkasDefaultPartitioner_meetTheOtherInputsOfTheirService()
      throws Exception {
    // Services whose desktop observations Kafka's default partitioner puts on another partition
    // than their service's: without routing, desktop and gke verdicts would sit in two tasks and
    // neither could fail over.
    List<String> services =
        serviceNames("split")
            .filter(s -> defaultPartition(s + "@desktop") != home(s))
            .limit(4)
            .toList();
    decider = start("default-partitioner");
    try (TopicClient topics = new TopicClient(kafka.bootstrapServers());
        KafkaProducer<String, Event<?>> byService = producer(true);
        KafkaProducer<String, Event<?>> byDefault = producer(false)) {
      for (Outcome desktop : List.of(UP, DOWN)) {
        for (int round = 0; round < 4; round++) {
          Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
          for (String service : services) {
            for (String prober : Inputs.PROBERS) {
              send(byDefault, Inputs.observation(service, prober, DESKTOP, desktop, now));
              send(byService, Inputs.observation(service, prober, GKE, UP, now));
            }
          }
          byDefault.flush();
          byService.flush();
          Inputs.pace(Duration.ofMillis(300));
        }
      }

      Map<String, List<ConsumerRecord<String, Event<?>>>> commands = commandsOf(topics, services);
      for (String service : services) {
        List<ConsumerRecord<String, Event<?>>> issued = commands.get(service);
        assertEquals(1, issued.size(), service + ": one failover, decided by one task");
        Command command = (Command) issued.get(0).value().data();
        assertEquals(Mode.FAILED_OVER, command.mode());
        assertEquals(1, command.epoch());
        assertEquals(home(service), issued.get(0).partition(), "the command on its service's");
      }
    }
  }

  @Test
  void anOverrideForAllServicesReachesEveryTask() throws Exception {
    // Two services per partition, so that every task holds some.
    List<String> services =
        serviceNames("everywhere")
            .collect(Collectors.groupingBy(CoPartitionedInputsTest::home))
            .values()
            .stream()
            .flatMap(group -> group.stream().limit(2))
            .toList();
    assertEquals(2 * PARTITIONS, services.size());
    decider = start("all-services");
    try (TopicClient topics = new TopicClient(kafka.bootstrapServers());
        KafkaProducer<String, Event<?>> byService = producer(true)) {
      probe(byService, services, UP, 4);
      // Sent with Kafka's default partitioner: the key `*` lands on one partition only.
      topics.send(Inputs.override(RecordKeys.ALL_SERVICES, OverrideAction.FREEZE, Instant.now()));

      Map<String, Boolean> frozen = new TreeMap<>();
      topics.readUntil(
          List.of(Topics.STATE),
          new EventDeserializer(),
          read -> {
            if (read.get(read.size() - 1).value().data() instanceof FailoverState state) {
              frozen.put(state.service(), state.frozen());
            }
            return frozen.size() == services.size() && !frozen.containsValue(false);
          },
          Duration.ofSeconds(30));
      assertEquals(new TreeSet<>(services), frozen.keySet());
      assertTrue(!frozen.containsValue(false), "every task froze its services: " + frozen);

      probe(byService, services, DOWN, 6);
      Map<String, List<ConsumerRecord<String, Event<?>>>> commands =
          commandsOf(topics, services, Duration.ofSeconds(2));
      assertTrue(
          commands.values().stream().allMatch(List::isEmpty),
          "frozen services are not failed over: " + commands);
    }
  }

  private void probe(
      KafkaProducer<String, Event<?>> producer, List<String> services, Outcome desktop, int rounds)
      throws InterruptedException {
    for (int round = 0; round < rounds; round++) {
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      for (String service : services) {
        for (String prober : Inputs.PROBERS) {
          send(producer, Inputs.observation(service, prober, DESKTOP, desktop, now));
          send(producer, Inputs.observation(service, prober, GKE, UP, now));
        }
      }
      producer.flush();
      Inputs.pace(Duration.ofMillis(300));
    }
  }

  private static java.util.stream.Stream<String> serviceNames(String prefix) {
    return java.util.stream.IntStream.range(0, 200).mapToObj(i -> "co/" + prefix + "-" + i);
  }

  private static int home(String service) {
    return ServicePartitioner.partition(service, PARTITIONS);
  }

  private static int defaultPartition(String key) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
  }

  private static void send(KafkaProducer<String, Event<?>> producer, Event<?> event) {
    producer.send(new ProducerRecord<>(event.type().topic(), RecordKeys.keyFor(event), event));
  }

  /** A prober's producer: partitioned by service as the contract says, or by Kafka's default. */
  private static KafkaProducer<String, Event<?>> producer(boolean byService) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    if (byService) {
      config.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, ServicePartitioner.class.getName());
    }
    return new KafkaProducer<>(config, new StringSerializer(), new EventSerializer());
  }

  private static Map<String, List<ConsumerRecord<String, Event<?>>>> commandsOf(
      TopicClient topics, List<String> services) {
    return commandsOf(topics, services, Duration.ofSeconds(30));
  }

  /**
   * The commands about {@code services}: read until each has one or {@code wait} passes, then read
   * again a while, so that a second decision about any of them would show.
   */
  private static Map<String, List<ConsumerRecord<String, Event<?>>>> commandsOf(
      TopicClient topics, List<String> services, Duration wait) {
    Set<String> wanted = Set.copyOf(services);
    List<ConsumerRecord<String, Event<?>>> first =
        topics.readUntil(
            List.of(Topics.COMMANDS),
            new EventDeserializer(),
            read ->
                read.stream()
                    .map(ConsumerRecord::key)
                    .collect(Collectors.toSet())
                    .containsAll(wanted),
            wait);
    List<ConsumerRecord<String, Event<?>>> again =
        topics.readUntil(
            List.of(Topics.COMMANDS),
            new EventDeserializer(),
            read -> false,
            Duration.ofSeconds(2));
    Map<String, List<ConsumerRecord<String, Event<?>>>> byService = new TreeMap<>();
    services.forEach(s -> byService.put(s, new ArrayList<>()));
    for (ConsumerRecord<String, Event<?>> record : again.size() >= first.size() ? again : first) {
      if (wanted.contains(record.key())) {
        byService.get(record.key()).add(record);
      }
    }
    return byService;
  }

  private KafkaStreams start(String name) throws InterruptedException {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "co-partitioned-" + name);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 20);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(name).toString());
    Decider core =
        new Decider(
            DeciderSettingsSet.fromProperties(Map.of("hybrid.decider.expected-probers", "3")));
    KafkaStreams streams =
        new KafkaStreams(
            DeciderTopology.build(core, state -> {}, "/failover-decider/" + name), props);
    streams.start();
    await()
        .alias(name + " decider started")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> streams.state() == KafkaStreams.State.RUNNING);
    return streams;
  }
}
