package io.hybridfailover.decider.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.kafka.EventDeserializer;
import io.hybridfailover.events.kafka.ServicePartitioner;
import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import io.hybridfailover.kafka.embedded.TopicClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Two packaged deciders share the partitions (one standby replica each); operators force every
 * service back and forth, each override a new command and epoch; one decider is killed (SIGKILL, no
 * goodbye to the group) mid-stream. Read as an actuator reads (read_committed), every service's
 * epochs only ever go up: no two instances decided for one service, before, during or after the
 * takeover, and the survivor went on for the killed one's services.
 */
class DeciderScaleOutIT {

  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void epochsNeverRepeatWhenOneOfTwoDecidersIsKilledMidStream() throws Exception {
    Path work = WorkDir.fresh(Path.of("target", "decider-scale-out-it"));
    // Two services on each partition, so that both instances own some.
    List<String> services =
        IntStream.range(0, 100)
            .mapToObj(i -> "scale/svc-" + i)
            .collect(
                java.util.stream.Collectors.groupingBy(
                    s -> ServicePartitioner.partition(s, EmbeddedKafka.DEFAULT_PARTITIONS)))
            .values()
            .stream()
            .flatMap(group -> group.stream().limit(2))
            .toList();
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
      Process a = start("a", kafka.bootstrapServers(), work);
      Process b = start("b", kafka.bootstrapServers(), work);
      try {
        // Both instances decide (the group has settled) before the kill.
        Map<String, List<Event<?>>> before = new TreeMap<>();
        long until = System.nanoTime() + WAIT.toNanos();
        int round = 0;
        while (sources(before).size() < 2 && System.nanoTime() < until) {
          force(topics, services, round++);
          before = commands(kafka.bootstrapServers(), services);
        }
        assertEquals(
            Set.of("/failover-decider/a", "/failover-decider/b"),
            sources(before),
            "both instances decide; logs in " + work);

        // Keep forcing while b is killed and a takes over its tasks (after the session timeout).
        long killAt = 0;
        Instant end = Instant.now().plusSeconds(20);
        for (int i = 0; Instant.now().isBefore(end); i++) {
          force(topics, services, round++);
          if (i == 3) {
            b.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            killAt = System.currentTimeMillis();
          }
          // Pacing, not waiting: operators' overrides apart in time.
          await().pollDelay(Duration.ofMillis(150)).until(() -> true);
        }

        // Until the survivor has decided for every service after the kill, as committed.
        long killed = killAt;
        Map<String, List<Event<?>>> all =
            await()
                .alias("the survivor decides for every service after the kill; logs in " + work)
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(
                    () -> commands(kafka.bootstrapServers(), services),
                    commands ->
                        services.stream()
                            .allMatch(
                                service ->
                                    commands.get(service).stream()
                                        .anyMatch(
                                            e ->
                                                e.source().equals("/failover-decider/a")
                                                    && e.time().toEpochMilli() > killed + 1_000)));
        for (String service : services) {
          List<Long> epochs =
              all.get(service).stream().map(e -> ((Command) e.data()).epoch()).toList();
          for (int i = 1; i < epochs.size(); i++) {
            assertTrue(
                epochs.get(i) > epochs.get(i - 1),
                service + ": epochs must only go up, were " + epochs + "; logs in " + work);
          }
        }
      } finally {
        a.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        b.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Every service forced to one side, the side alternating per round: one new epoch each. */
  private static void force(TopicClient topics, List<String> services, int round) {
    OverrideAction action =
        round % 2 == 0 ? OverrideAction.FORCE_GKE : OverrideAction.FORCE_DESKTOP;
    for (String service : services) {
      topics.send(
          Event.of(
              "/operator/it",
              new OperatorOverride(service, action, "scale-out IT", "it", Instant.now())));
    }
  }

  private static Set<String> sources(Map<String, List<Event<?>>> commands) {
    Set<String> sources = new TreeSet<>();
    commands.values().forEach(list -> list.forEach(e -> sources.add(e.source())));
    return sources;
  }

  /** The committed commands about {@code services}, in partition order, as an actuator reads. */
  private static Map<String, List<Event<?>>> commands(String bootstrap, List<String> services) {
    Map<String, List<Event<?>>> byService = new TreeMap<>();
    services.forEach(s -> byService.put(s, new ArrayList<>()));
    try (KafkaConsumer<String, Event<?>> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new EventDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.COMMANDS).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, Event<?>> record : consumer.poll(Duration.ofMillis(200))) {
          if (byService.containsKey(record.key())) {
            byService.get(record.key()).add(record.value());
          }
        }
      }
    }
    return byService;
  }

  private static Process start(String run, String bootstrap, Path work) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path app = Path.of(System.getProperty("decider.app.jar", "target/quarkus-app/quarkus-run.jar"));
    assertTrue(Files.isRegularFile(app), "packaged application missing: " + app);
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "-Xmx384m",
            "-Dquarkus.http.host=127.0.0.1",
            "-Dquarkus.http.port=0",
            "-Dhybrid.service.instance-id=" + run,
            "-jar",
            app.toAbsolutePath().toString());
    builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    builder.environment().put("DECIDER_STATE_DIR", work.resolve("state-" + run).toString());
    builder.environment().put("DECIDER_STANDBY_REPLICAS", "1");
    builder.redirectErrorStream(true);
    builder.redirectOutput(work.resolve(run + ".log").toFile());
    Process process = builder.start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    return process;
  }
}
