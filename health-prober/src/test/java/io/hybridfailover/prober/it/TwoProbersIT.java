package io.hybridfailover.prober.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.Event;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.kafka.EventDeserializer;
import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import io.hybridfailover.kafka.embedded.TopicClient;
import io.hybridfailover.prober.LoopbackServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Two prober processes, started from the packaged application ({@code quarkus-run.jar}) with their
 * own ids, probe the same target and publish to one real broker: the topic shows both ids for the
 * same {@code <service>@<cluster>} key, which is what the decider counts as two votes.
 */
class TwoProbersIT {

  private static final String KEY = "shop/web@desktop";
  private static final Set<String> IDS = Set.of("prober-it-a", "prober-it-b");

  @Test
  void bothProberIdsAppearForTheSameTarget() throws Exception {
    Path app = Path.of(System.getProperty("prober.app.jar", "target/quarkus-app/quarkus-run.jar"));
    assertTrue(Files.isRegularFile(app), "packaged application missing: " + app);
    Path logs = Files.createDirectories(Path.of("target", "two-probers-it"));
    List<Process> probers = new ArrayList<>();
    // Never leave a prober behind, even if this JVM is stopped before the finally blocks run.
    Thread reaper = new Thread(() -> probers.forEach(Process::destroyForcibly));
    Runtime.getRuntime().addShutdownHook(reaper);
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        LoopbackServer target = LoopbackServer.start()) {
      try {
        for (String id : IDS) {
          probers.add(startProber(app, id, kafka.bootstrapServers(), target.url("/up"), logs));
        }
        assertBothIdsObserved(kafka, probers, logs);
      } finally {
        // Before the broker goes: the probers would only complain that it is gone.
        stopAll(probers);
      }
    } finally {
      stopAll(probers);
      Runtime.getRuntime().removeShutdownHook(reaper);
    }
  }

  private static void assertBothIdsObserved(EmbeddedKafka kafka, List<Process> probers, Path logs) {
    Set<String> seen = new TreeSet<>();
    List<Observation> observations = new ArrayList<>();
    try (TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
      for (ConsumerRecord<String, Event<?>> record :
          topics.readUntil(
              List.of(Topics.OBSERVATIONS),
              new EventDeserializer(),
              read -> proberIds(read).containsAll(IDS),
              Duration.ofSeconds(30))) {
        if (KEY.equals(record.key())) {
          Observation observation = (Observation) record.value().data();
          seen.add(observation.prober());
          observations.add(observation);
        }
      }
    }

    assertEquals(
        new TreeSet<>(IDS),
        seen,
        "prober ids on "
            + KEY
            + "; prober processes alive: "
            + alive(probers)
            + ", logs in "
            + logs);
    // Both probed the same live target and saw it UP: two agreeing votes, not one counted twice.
    // (Each prober's, not every observation: a first probe may time out on a loaded machine.)
    for (String id : IDS) {
      assertTrue(
          observations.stream().anyMatch(o -> o.prober().equals(id) && o.outcome() == Outcome.UP),
          () -> id + " saw the live target UP: " + observations);
    }
  }

  private static Process startProber(
      Path app, String id, String bootstrapServers, String url, Path logs) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            "-Dquarkus.http.host=127.0.0.1",
            "-Dquarkus.http.port=0",
            // Every configuration comes in as a system property: the same keys as the ConfigMap.
            "-Dhybrid.services.\"shop/web\".desktop.url=" + url,
            "-Dhybrid.services.\"shop/web\".desktop.body-contains=ok",
            "-Dhybrid.services.\"shop/web\".gke.url=" + url,
            "-jar",
            app.toAbsolutePath().toString());
    builder.environment().put("PROBER_ID", id);
    builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    builder.redirectErrorStream(true);
    builder.redirectOutput(logs.resolve(id + ".log").toFile());
    return builder.start();
  }

  private static Set<String> proberIds(List<ConsumerRecord<String, Event<?>>> records) {
    return records.stream()
        .filter(r -> KEY.equals(r.key()))
        .map(r -> ((Observation) r.value().data()).prober())
        .collect(Collectors.toSet());
  }

  private static List<Boolean> alive(List<Process> probers) {
    return probers.stream().map(Process::isAlive).toList();
  }

  /** SIGTERM first (Quarkus shuts down cleanly), then kill whatever is still running. */
  private static void stopAll(List<Process> probers) throws InterruptedException {
    probers.forEach(Process::destroy);
    for (Process prober : probers) {
      if (!prober.waitFor(10, TimeUnit.SECONDS)) {
        prober.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }
}
