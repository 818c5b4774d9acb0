package io.hybridfailover.cli.postmortem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.EventData;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.RecordKeys;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.Transition;
import io.hybridfailover.events.Verdict;
import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hybrid export} against the real embedded broker. */
class ExportTest {

  /** Within the broker's accepted timestamp range and the topics' retention. */
  private static final Instant T0 =
      Instant.now().minus(Duration.ofMinutes(50)).truncatedTo(ChronoUnit.SECONDS);

  private static final int EVENTS = 240;

  private static EmbeddedKafka kafka;
  private static final EventCodec CODEC = new EventCodec();

  @TempDir Path dir;
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void startBrokerAndWriteAnIncident() throws Exception {
    kafka = EmbeddedKafka.start();
    // An incident written at chosen past times: the topics take the producer's timestamps.
    kafka.useProducerTimestamps();
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            "export-test-" + UUID.randomUUID());
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (int i = 0; i < EVENTS; i++) {
        send(producer, event(i, T0.plusMillis(500L * i)));
      }
      producer.commitTransaction();
      // Aborted: never committed, never exported.
      producer.beginTransaction();
      send(producer, event(0, T0.plusSeconds(30)));
      producer.flush();
      producer.abortTransaction();
    }
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Test
  void theExportEqualsTheCommittedRecordsOfAPlainConsumerMergedByTimestamp() throws Exception {
    Path file = dir.resolve("events.jsonl");

    int exit =
        export(
            "--from",
            T0.minusSeconds(1).toString(),
            "--to",
            T0.plusSeconds(3600).toString(),
            "--output",
            file.toString());

    assertEquals(0, exit, err.toString());
    List<String> expected = plainConsumer(T0.minusSeconds(1), T0.plusSeconds(3600));
    assertEquals(EVENTS, expected.size(), "the aborted record is not among the committed ones");
    assertEquals(expected, lines(file));
    assertTrue(err.toString().contains(EVENTS + " records"), err.toString());
  }

  @Test
  void theExportJoinsNoConsumerGroupSoTheUserNeedsNoGroupAcl() throws Exception {
    Path file = dir.resolve("nogroup.jsonl");

    assertEquals(
        0,
        export(
            "--from",
            T0.toString(),
            "--to",
            T0.plusSeconds(10).toString(),
            "--output",
            file.toString()),
        err.toString());

    try (var admin = kafka.admin()) {
      assertEquals(
          List.of(), List.copyOf(admin.listGroups().all().get()), "no group on the broker");
    }
  }

  @Test
  void fromAndToCutAtTheRightRecords() throws Exception {
    Path file = dir.resolve("cut.jsonl");
    Instant from = T0.plusSeconds(20); // event 40, inclusive
    Instant to = T0.plusSeconds(50); // event 100, exclusive

    assertEquals(
        0,
        export("--from", from.toString(), "--to", to.toString(), "--output", file.toString()),
        err.toString());

    List<String> lines = lines(file);
    assertEquals(60, lines.size());
    assertEquals(from, CODEC.decode(lines.get(0)).time());
    assertEquals(to.minusMillis(500), CODEC.decode(lines.get(lines.size() - 1)).time());
    assertEquals(plainConsumer(from, to), lines);
  }

  @Test
  void aServiceFilterKeepsThatServiceAndWhatIsAboutAllServices() throws Exception {
    Path file = dir.resolve("one.jsonl");

    assertEquals(
        0,
        export(
            "--from",
            T0.toString(),
            "--to",
            T0.plusSeconds(3600).toString(),
            "--service",
            "shop/cart",
            "--output",
            file.toString()),
        err.toString());

    List<String> lines = lines(file);
    assertTrue(!lines.isEmpty());
    for (String line : lines) {
      String subject = CODEC.decode(line).subject();
      assertTrue(subject.equals("shop/cart") || subject.equals("*"), line);
    }
    assertEquals(
        plainConsumer(T0, T0.plusSeconds(3600)).stream()
            .filter(l -> List.of("shop/cart", "*").contains(CODEC.decode(l).subject()))
            .toList(),
        lines);
  }

  @Test
  void relativeTimesAreFromNow() {
    Instant now = Instant.parse("2026-11-23T10:00:00Z");
    assertEquals(Instant.parse("2026-11-23T08:00:00Z"), TimeArgument.parse("-2h", now));
    assertEquals(Instant.parse("2026-11-23T09:59:30Z"), TimeArgument.parse("-30s", now));
    assertEquals(
        Instant.parse("2026-11-23T09:00:00Z"),
        TimeArgument.parse("2026-11-23T10:00:00+01:00", now));
    assertEquals(now, TimeArgument.parse("now", now));
  }

  private int export(String... args) {
    var cli = new picocli.CommandLine(new ExportCommand());
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 2];
    all[0] = "--bootstrap";
    all[1] = kafka.bootstrapServers();
    System.arraycopy(args, 0, all, 2, args.length);
    return cli.execute(all);
  }

  private static List<String> lines(Path file) throws Exception {
    return List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n", -1))
        .stream()
        .filter(l -> !l.isEmpty())
        .toList();
  }

  /** Everything committed, read partition by partition, then merged by record timestamp. */
  private static List<String> plainConsumer(Instant from, Instant to) {
    List<String> topics = Topics.contractTopics().stream().map(t -> t.name()).toList();
    List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      topics.forEach(
          t ->
              consumer
                  .partitionsFor(t)
                  .forEach(p -> partitions.add(new TopicPartition(t, p.partition()))));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
          && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(all::add);
      }
    }
    return all.stream()
        .filter(r -> r.timestamp() >= from.toEpochMilli() && r.timestamp() < to.toEpochMilli())
        .sorted(
            Comparator.<ConsumerRecord<byte[], byte[]>>comparingLong(ConsumerRecord::timestamp)
                .thenComparingInt(r -> topics.indexOf(r.topic()))
                .thenComparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset))
        .map(r -> new String(r.value(), StandardCharsets.UTF_8))
        .toList();
  }

  private static void send(KafkaProducer<String, byte[]> producer, Event<?> event) {
    producer.send(
        new ProducerRecord<>(
            event.type().topic(),
            null,
            event.time().toEpochMilli(),
            RecordKeys.keyFor(event),
            CODEC.encode(event)));
  }

  /** Event {@code i} of a mix of every type, about three services, at {@code at}. */
  private static Event<?> event(int i, Instant at) {
    String service = List.of("shop/web", "shop/cart", "bank/api").get(i % 3);
    EventData data =
        switch (i % 6) {
          case 0, 1, 2 ->
              new Observation(
                  service,
                  i % 2 == 0 ? Cluster.DESKTOP : Cluster.GKE,
                  Check.HTTP,
                  "prober-" + (i % 3),
                  i % 5 == 0 ? Outcome.DOWN : Outcome.UP,
                  12,
                  null,
                  null,
                  at);
          case 3 ->
              new Transition(
                  service, Cluster.DESKTOP, Verdict.UP, Verdict.DOWN, Map.of(), "test é", at);
          case 4 ->
              new Command(
                  "c" + i,
                  service,
                  i,
                  Mode.FAILED_OVER,
                  Routing.allGke(),
                  Placement.GKE,
                  "test",
                  List.of(),
                  false,
                  at);
          default ->
              i % 12 == 5
                  ? new ActuationResult(
                      "c" + i,
                      service,
                      i,
                      "traffic-switcher",
                      ActuationOutcome.APPLIED,
                      "r",
                      1,
                      null,
                      at)
                  : new OperatorOverride(
                      i % 4 == 1 ? "*" : service, OverrideAction.FREEZE, "x", "alice", at);
        };
    return Event.of("e" + i, "/test", data);
  }
}
