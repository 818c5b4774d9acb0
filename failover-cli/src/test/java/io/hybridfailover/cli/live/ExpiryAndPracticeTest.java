package io.hybridfailover.cli.live;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.Topics;
import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import io.hybridfailover.kafka.embedded.TopicClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overrides that expire ({@code --for}), unknown services refused, and {@code hybrid practice},
 * against a real broker and a running decider core.
 */
class ExpiryAndPracticeTest {

  private static EmbeddedKafka kafka;
  private static Cli cli;

  @TempDir Path dir;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start();
    cli = new Cli(kafka.bootstrapServers());
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  /** A prober that keeps observing a service every 200 ms, with outcomes the test may change. */
  private static final class Prober implements AutoCloseable {
    final AtomicReference<Outcome> gke = new AtomicReference<>(Outcome.UP);
    private final ScheduledExecutorService schedule =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "prober");
              thread.setDaemon(true);
              return thread;
            });

    Prober(TopicClient topics, String service) {
      schedule.scheduleWithFixedDelay(
          () -> Cli.probe(topics, service, Outcome.UP, gke.get()), 0, 200, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
      schedule.shutdown(); // a probe under way finishes
      schedule.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void forEndsTheOverrideByItself_andStatusShowsTheExpiry() throws Exception {
    String service = "shop/expiring";
    try (RunningDecider decider = new RunningDecider(kafka.bootstrapServers(), Cli.DECIDER);
        TopicClient topics = new TopicClient(kafka.bootstrapServers());
        Prober prober = new Prober(topics, service)) {
      cli.probeUntilKnown(topics, service, Outcome.UP, Outcome.UP);

      Cli.Run freeze =
          cli.run("freeze", service, "--for", "10s", "--reason", "short", "--as", "al");
      assertEquals(0, freeze.exit(), freeze.toString());
      assertTrue(freeze.out().contains("ends by itself then"), freeze.toString());
      OperatorOverride sent = lastOverride(service);
      assertEquals(Duration.ofSeconds(10), Duration.between(sent.requestedAt(), sent.expiresAt()));
      Cli.Run status = cli.run("status", service);
      assertTrue(status.out().contains("[until " + sent.expiresAt()), status.toString());
      assertEquals(
          sent.expiresAt().toString(),
          statusJson(service).get("override").get("expiresAt").asText());

      await()
          .atMost(Duration.ofSeconds(40))
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(
              () ->
                  assertFalse(
                      statusJson(service).get("frozen").asBoolean(), "the decider ended it"));
      assertEquals("auto", statusJson(service).get("control").asText());
    }
  }

  @Test
  void forDefaultsToTheMaximum_noneNeedsUntilReleased_andLongerIsRefused() throws Exception {
    String service = "shop/defaults";
    try (RunningDecider decider = new RunningDecider(kafka.bootstrapServers(), Cli.DECIDER);
        TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
      cli.probeUntilKnown(topics, service, Outcome.UP, Outcome.UP);

      assertEquals(0, cli.run("freeze", service, "--reason", "r").exit());
      OperatorOverride byDefault = lastOverride(service);
      assertEquals(
          ExpiryOptions.MAXIMUM, Duration.between(byDefault.requestedAt(), byDefault.expiresAt()));

      Cli.Run none = cli.run("freeze", service, "--for", "none", "--reason", "r");
      assertEquals(2, none.exit(), none.toString());
      assertTrue(none.err().contains("--until-released"), none.toString());
      assertEquals(2, cli.run("freeze", service, "--for", "25h", "--reason", "r").exit());

      Cli.Run forever =
          cli.run("freeze", service, "--for", "none", "--until-released", "--reason", "r");
      assertEquals(0, forever.exit(), forever.toString());
      assertNull(lastOverride(service).expiresAt());
      assertTrue(cli.run("status", service).out().contains("[until released]"));
      assertEquals(0, cli.run("release", service, "--reason", "done").exit());
    }
  }

  @Test
  void anOverrideForAServiceTheStateTopicNeverShowedIsRefusedUnlessAskedFor() {
    Cli.Run typo = cli.run("force", "gke", "nosuch/svc", "--reason", "r", "--timeout", "1s");

    assertEquals(2, typo.exit(), typo.toString());
    assertTrue(typo.err().contains("--new-service"), typo.toString());
    assertTrue(
        overrides().stream().noneMatch(o -> o.data().service().equals("nosuch/svc")),
        "nothing sent");
  }

  @Test
  void practice_refusedWhenGkeIsNotUp_nothingSent() throws Exception {
    String service = "shop/practice-refused";
    try (RunningDecider decider = new RunningDecider(kafka.bootstrapServers(), Cli.DECIDER);
        TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
      cli.probeUntilKnown(topics, service, Outcome.UP, Outcome.DOWN);

      Cli.Run practice = cli.run("practice", service, "--for", "5s", "--reason", "weekly");

      assertEquals(1, practice.exit(), practice.toString());
      assertTrue(practice.err().contains("gke is DOWN"), practice.toString());
      assertTrue(overrides().stream().noneMatch(o -> o.data().service().equals(service)));
    }
  }

  @Test
  void practice_movesHoldsReleasesAndWritesTheReport() throws Exception {
    String service = "shop/practice";
    Path report = dir.resolve("practice.json");
    try (RunningDecider decider = new RunningDecider(kafka.bootstrapServers(), Cli.DECIDER);
        TopicClient topics = new TopicClient(kafka.bootstrapServers());
        Prober prober = new Prober(topics, service)) {
      cli.probeUntilKnown(topics, service, Outcome.UP, Outcome.UP);

      Cli.Run practice =
          cli.run(
              "practice",
              service,
              "--for",
              "3s",
              "--reason",
              "weekly",
              "--as",
              "alice",
              "--report",
              report.toString());

      assertEquals(0, practice.exit(), practice.toString());
      assertTrue(practice.out().contains("moved to gke"), practice.toString());
      assertTrue(practice.out().contains("completed: held, released, home"), practice.toString());
      OperatorOverride sent = lastOverride(service);
      assertTrue(sent.practice(), sent.toString());
      assertEquals("practice: weekly", sent.reason());
      JsonNode written = new ObjectMapper().readTree(Files.readString(report));
      assertEquals("EXPIRED", written.get("end").asText());
      List<String> steps = new ArrayList<>();
      written.get("steps").forEach(s -> steps.add(s.get("step").asText()));
      assertTrue(
          steps.containsAll(
              List.of("requested", "moved to gke", "hold ended", "released to the rules", "home")),
          steps.toString());
      long held = written.get("figures").get("heldMs").asLong();
      assertTrue(held >= 2_500 && held < 4_000, "held " + held + " ms of 3 s");
    }
  }

  @Test
  void practice_abortedWhenGkeGoesDown() throws Exception {
    String service = "shop/practice-abort";
    Path report = dir.resolve("practice.md");
    try (RunningDecider decider = new RunningDecider(kafka.bootstrapServers(), Cli.DECIDER);
        TopicClient topics = new TopicClient(kafka.bootstrapServers());
        Prober prober = new Prober(topics, service)) {
      cli.probeUntilKnown(topics, service, Outcome.UP, Outcome.UP);
      // GKE goes DOWN once the practice run holds the service on GKE.
      CompletableFuture<Void> breaker =
          CompletableFuture.runAsync(
              () -> {
                await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> "forced-gke".equals(statusJson(service).get("control").asText()));
                prober.gke.set(Outcome.DOWN);
              },
              task -> new Thread(task, "breaker").start());

      Cli.Run practice =
          cli.run(
              "practice",
              service,
              "--for",
              "1m",
              "--reason",
              "weekly",
              "--report",
              report.toString());
      breaker.join(); // and fails the test if the practice run never held the service on GKE

      assertEquals(1, practice.exit(), practice.toString());
      assertTrue(practice.out().contains("aborted: practice-aborted"), practice.toString());
      String markdown = Files.readString(report);
      assertTrue(markdown.startsWith("# Practice run: " + service), markdown);
      assertTrue(markdown.contains("| aborted |"), markdown);
      assertTrue(markdown.contains("| home |"), markdown);
    }
  }

  private JsonNode statusJson(String service) throws Exception {
    Cli.Run run = cli.run("status", service, "--output", "json", "--observations", "0");
    return new ObjectMapper().readTree(run.out()).get(0);
  }

  private OperatorOverride lastOverride(String service) {
    List<Event<OperatorOverride>> all = overrides();
    OperatorOverride last = null;
    for (Event<OperatorOverride> event : all) {
      if (event.data().service().equals(service)) {
        last = event.data();
      }
    }
    return last;
  }

  private static List<Event<OperatorOverride>> overrides() {
    Properties client = new Properties();
    client.put("bootstrap.servers", kafka.bootstrapServers());
    EventCodec codec = new EventCodec();
    List<Event<OperatorOverride>> all = new ArrayList<>();
    try (TopicReader reader = new TopicReader(client)) {
      List<TopicPartition> partitions = reader.assign(List.of(Topics.OVERRIDES));
      Map<TopicPartition, Long> ends = reader.endOffsets(partitions);
      reader.seekToBeginning(partitions);
      reader.readTo(
          ends,
          r -> all.add(codec.decode(r.value(), OperatorOverride.class)),
          Duration.ofSeconds(30));
    }
    all.sort((a, b) -> a.data().requestedAt().compareTo(b.data().requestedAt()));
    return all;
  }
}
