package io.hybridfailover.decider.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.FailoverState;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.Verdict;
import io.hybridfailover.events.kafka.EventDeserializer;
import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import io.hybridfailover.kafka.embedded.TopicClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The decider as it runs in production, the packaged Quarkus application, restarted for real: three
 * probers see the desktop go DOWN (epoch 1, routing gke 100); the decider process is stopped and a
 * new one started with an empty state directory (as a rescheduled pod); the desktop comes back and,
 * after the failback delay, the steps and PRIMARY come with epochs 2, 3, 4, 5: never a repeated or
 * lower epoch, and no spurious command from the restart.
 */
class DeciderRestartIT {

  private static final String SERVICE = "shop/web";
  private static final List<String> PROBERS = List.of("prober-a", "prober-b", "prober-c");
  private static final Duration WAIT = Duration.ofSeconds(120);

  /** What the probers currently see; the feeder publishes it every 250 ms, as live probers do. */
  private volatile Outcome desktop = Outcome.UP;

  private volatile Outcome gke = Outcome.UP;

  @Test
  void epochsGoOnAcrossARealRestartOfTheDecider() throws Exception {
    Path work = WorkDir.fresh(Path.of("target", "decider-restart-it"));
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      List<Command> all =
          failOverRestartFailBack(
              kafka.bootstrapServers(),
              work,
              (deciders, topics) -> {
                deciders.stopAll();
                // The desktop comes back while the second decider starts: it can only fail back
                // from epoch 1 if it restored the first one's state. (It publishes no state of its
                // own before that: a restored state that does not change is not published again.)
                deciders.start("second");
              });

      assertEquals(
          List.of(1L, 2L, 3L, 4L, 5L),
          all.stream().map(Command::epoch).toList(),
          "one command per epoch, in order, across the restart; logs in " + work);
      assertEquals(
          List.of(25, 50, 100),
          all.subList(1, 4).stream().map(c -> c.routing().desktop()).toList());
    }
  }

  @Test
  void epochsGoOnAcrossARestartOfTheBroker() throws Exception {
    Path work = WorkDir.fresh(Path.of("target", "decider-broker-restart-it"));
    try (BrokerProcess broker = BrokerProcess.format(work.resolve("broker"))) {
      broker.start();
      broker.createContractTopics();
      List<Command> all =
          failOverRestartFailBack(
              broker.bootstrapServers(),
              work,
              (deciders, topics) -> {
                broker.stop();
                broker.start();
              });

      assertEquals(
          List.of(1L, 2L, 3L, 4L, 5L),
          all.stream().map(Command::epoch).toList(),
          "one command per epoch, in order, across the broker restart; logs in " + work);
    }
  }

  /** What a test restarts while the service is failed over. */
  @FunctionalInterface
  private interface Restart {
    void between(Deciders deciders, TopicClient topics) throws Exception;
  }

  /**
   * Probers report both sides UP, then the desktop DOWN (epoch 1, gke 100); {@code restart} runs;
   * the desktop comes back. Returns every command up to PRIMARY.
   */
  private List<Command> failOverRestartFailBack(String bootstrap, Path work, Restart restart)
      throws Exception {
    ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
    try (Deciders deciders = new Deciders(bootstrap, work);
        TopicClient topics = new TopicClient(bootstrap)) {
      feeder.scheduleAtFixedRate(() -> probeRound(topics), 0, 250, TimeUnit.MILLISECONDS);
      try {
        deciders.start("first");
        awaitState(
            topics,
            "first",
            s ->
                s.health().get(Cluster.GKE) == Verdict.UP
                    && s.health().get(Cluster.DESKTOP) == Verdict.UP);
        desktop = Outcome.DOWN;
        Command failover = awaitCommands(topics, c -> c.epoch() == 1).get(0);
        assertEquals(Mode.FAILED_OVER, failover.mode());
        assertEquals(Routing.allGke(), failover.routing());

        restart.between(deciders, topics);
        desktop = Outcome.UP;
        return awaitCommands(topics, c -> c.mode() == Mode.PRIMARY);
      } finally {
        // Before the client and the deciders close: the feeder uses the one and feeds the other.
        feeder.shutdownNow();
      }
    }
  }

  private void probeRound(TopicClient topics) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    try {
      for (String prober : PROBERS) {
        topics.send(observation(prober, Cluster.DESKTOP, desktop, now));
        topics.send(observation(prober, Cluster.GKE, gke, now));
      }
    } catch (IllegalStateException brokerAway) {
      // While the broker restarts, probes are lost, as they would be; keep probing.
    }
  }

  private static Event<Observation> observation(
      String prober, Cluster cluster, Outcome outcome, Instant at) {
    return Event.of(
        "/health-prober/" + prober,
        new Observation(SERVICE, cluster, Check.HTTP, prober, outcome, 3, null, null, at));
  }

  /** The decider processes of one test: all stopped on close, and if this JVM dies. */
  private static final class Deciders implements AutoCloseable {

    private final Path app =
        Path.of(System.getProperty("decider.app.jar", "target/quarkus-app/quarkus-run.jar"));
    private final String bootstrap;
    private final Path work;
    private final List<Process> running = new ArrayList<>();
    private final Thread reaper = new Thread(() -> running.forEach(Process::destroyForcibly));

    Deciders(String bootstrap, Path work) {
      assertTrue(Files.isRegularFile(app), "packaged application missing: " + app);
      this.bootstrap = bootstrap;
      this.work = work;
      Runtime.getRuntime().addShutdownHook(reaper);
    }

    void start(String run) throws IOException {
      running.add(DeciderRestartIT.start(app, run, bootstrap, work));
    }

    void stopAll() {
      running.forEach(DeciderRestartIT::stop);
      running.clear();
    }

    @Override
    public void close() {
      stopAll();
      Runtime.getRuntime().removeShutdownHook(reaper);
    }
  }

  private static Process start(Path app, String run, String bootstrap, Path work)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "-Xmx384m",
            "-Dquarkus.http.host=127.0.0.1",
            "-Dquarkus.http.port=0",
            "-Dhybrid.service.instance-id=" + run,
            "-Dhybrid.decider.expected-probers=3",
            "-Dhybrid.decider.failback-delay=2s",
            "-Dhybrid.decider.failback-step-interval=1s",
            "-Dhybrid.decider.drain=1s",
            "-jar",
            app.toAbsolutePath().toString());
    builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    // A fresh state directory per run: the second decider must restore from the changelog.
    builder.environment().put("DECIDER_STATE_DIR", work.resolve("state-" + run).toString());
    builder.redirectErrorStream(true);
    builder.redirectOutput(work.resolve(run + ".log").toFile());
    return builder.start();
  }

  /** Waits for a state event that the decider of {@code run} published. */
  private static void awaitState(TopicClient topics, String run, Predicate<FailoverState> match) {
    boolean seen =
        topics
            .awaitRecord(
                List.of(Topics.STATE),
                new EventDeserializer(),
                r ->
                    r.value().source().equals("/failover-decider/" + run)
                        && r.value().data() instanceof FailoverState s
                        && match.test(s),
                WAIT)
            .isPresent();
    assertTrue(seen, "no matching state event from the " + run + " decider");
  }

  private static List<Command> awaitCommands(TopicClient topics, Predicate<Command> last) {
    List<ConsumerRecord<String, Event<?>>> read =
        topics.readUntil(
            List.of(Topics.COMMANDS),
            new EventDeserializer(),
            all -> last.test((Command) all.get(all.size() - 1).value().data()),
            WAIT);
    List<Command> commands = read.stream().map(r -> (Command) r.value().data()).toList();
    assertTrue(
        !commands.isEmpty() && last.test(commands.get(commands.size() - 1)),
        "commands so far: " + commands);
    return commands;
  }

  /** SIGTERM first (Quarkus closes Kafka Streams cleanly), then kill what is still running. */
  private static void stop(Process decider) {
    decider.destroy();
    try {
      if (!decider.waitFor(20, TimeUnit.SECONDS)) {
        decider.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      decider.destroyForcibly();
    }
  }
}
