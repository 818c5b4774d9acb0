package io.hybridfailover.decider;

import static io.hybridfailover.events.Cluster.DESKTOP;
import static io.hybridfailover.events.Cluster.GKE;
import static io.hybridfailover.events.Outcome.DOWN;
import static io.hybridfailover.events.Outcome.UP;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.cli.HybridCommand;
import io.hybridfailover.decider.core.Decider;
import io.hybridfailover.decider.core.DeciderSettingsSet;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.kafka.EventDeserializer;
import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import io.hybridfailover.kafka.embedded.TopicClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The decider's durable state against a real broker: fail over, stop the decider, start a new one
 * with no local state (as a rescheduled pod would), fail back. The new instance restores state and
 * epochs from the changelog: no spurious command, and epochs go on from where they were. The replay
 * tool, given a dump of the observations topic, then decides exactly what the service decided.
 */
class DeciderRestartTest {

  private static final Map<String, String> SETTINGS =
      Map.of(
          "hybrid.decider.expected-probers", "3",
          "hybrid.decider.failback-delay", "2s",
          "hybrid.decider.failback-step-interval", "1s",
          "hybrid.decider.drain", "1s");

  private static EmbeddedKafka kafka;

  @TempDir Path stateDirs;

  private int sent;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Test
  void epochsGoOnAfterARestartWithNoLocalStateAndNoCommandIsRepeated() throws Exception {
    try (TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
      KafkaStreams first = start("first");
      probeFor(topics, UP, UP, Duration.ofSeconds(1));
      probeFor(topics, DOWN, UP, Duration.ofSeconds(1));
      List<Command> beforeRestart = commandsUntil(topics, c -> c.epoch() == 1);
      assertEquals(1, beforeRestart.size());
      assertEquals(Mode.FAILED_OVER, beforeRestart.get(0).mode());
      assertEquals(Routing.allGke(), beforeRestart.get(0).routing());
      first.close(Duration.ofSeconds(30));

      KafkaStreams second = start("second");
      try {
        probeFor(topics, UP, UP, Duration.ofSeconds(9));
        List<Command> all = commandsUntil(topics, c -> c.mode() == Mode.PRIMARY);

        List<Long> epochs = all.stream().map(Command::epoch).toList();
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), epochs, "one command per epoch, in order");
        assertEquals(
            List.of(25, 50, 100),
            all.subList(1, 4).stream().map(c -> c.routing().desktop()).toList(),
            "the failback steps");
        assertTrue(all.subList(1, 4).stream().allMatch(c -> c.mode() == Mode.FAILING_BACK));

        // The replay tool, on a dump of the service's own topic, decides the same.
        List<String> dump =
            topics
                .readUntil(
                    List.of(Topics.OBSERVATIONS),
                    new StringDeserializer(),
                    read -> read.size() >= sent,
                    Duration.ofSeconds(30))
                .stream()
                .map(ConsumerRecord::value)
                .toList();
        // Through the operator tool itself, as `bin/hybrid replay` runs it.
        Path dumpFile = stateDirs.resolve("incident.jsonl");
        Path decisions = stateDirs.resolve("decisions.jsonl");
        Files.write(dumpFile, dump, StandardCharsets.UTF_8);
        List<String> args =
            new ArrayList<>(
                List.of(
                    "replay", "--input", dumpFile.toString(), "--output", decisions.toString()));
        SETTINGS.forEach((key, value) -> args.addAll(List.of("--set", key + "=" + value)));
        assertEquals(0, new CommandLine(new HybridCommand()).execute(args.toArray(String[]::new)));
        EventCodec codec = new EventCodec();
        assertEquals(
            all.stream().map(DeciderRestartTest::desiredState).toList(),
            Files.readAllLines(decisions, StandardCharsets.UTF_8).stream()
                .map(codec::decode)
                .filter(event -> event.data() instanceof Command)
                .map(event -> desiredState((Command) event.data()))
                .toList());
      } finally {
        second.close(Duration.ofSeconds(30));
      }
    }
  }

  /** What an actuator acts on: everything of a command but its id, time and reason. */
  private static String desiredState(Command c) {
    return c.epoch() + " " + c.mode() + " " + c.routing() + " " + c.placement();
  }

  private KafkaStreams start(String run) throws InterruptedException {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "failover-decider-restart-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDirs.resolve(run).toString());
    // As in application.properties: a stopped decider's partition moves on after 10 s, not 45 s.
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 2_000);
    Decider decider = new Decider(DeciderSettingsSet.fromProperties(SETTINGS));
    KafkaStreams streams =
        new KafkaStreams(
            DeciderTopology.build(decider, state -> {}, "/failover-decider/" + run), props);
    streams.start();
    await()
        .alias(run + " decider started")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> streams.state() == KafkaStreams.State.RUNNING);
    return streams;
  }

  /** All three probers report both clusters every 250 ms, as the live probers would. */
  private void probeFor(TopicClient topics, Outcome desktop, Outcome gke, Duration duration)
      throws InterruptedException {
    Instant end = Instant.now().plus(duration);
    while (Instant.now().isBefore(end)) {
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      for (String prober : Inputs.PROBERS) {
        topics.send(Inputs.observation(prober, DESKTOP, desktop, now));
        topics.send(Inputs.observation(prober, GKE, gke, now));
        sent += 2;
      }
      Inputs.pace(Duration.ofMillis(250));
    }
  }

  private static List<Command> commandsUntil(
      TopicClient topics, java.util.function.Predicate<Command> last) {
    List<ConsumerRecord<String, Event<?>>> read =
        topics.readUntil(
            List.of(Topics.COMMANDS),
            new EventDeserializer(),
            all -> last.test((Command) all.get(all.size() - 1).value().data()),
            Duration.ofSeconds(30));
    return read.stream().map(r -> (Command) r.value().data()).toList();
  }
}
