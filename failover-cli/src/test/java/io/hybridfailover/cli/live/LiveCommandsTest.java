package io.hybridfailover.cli.live;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.InvalidEventException;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.identity.ActorKeys;
import io.hybridfailover.events.identity.ActorRole;
import io.hybridfailover.events.identity.TrustedActors;
import io.hybridfailover.events.kafka.SignedRecords;
import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import io.hybridfailover.kafka.embedded.TopicClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live commands against a real broker and a running decider: each override acknowledged, with
 * who and why on the topic and in status; a timeout with no decider; watch during a failover. Each
 * test has its own service, and its own decider reading from the moment it starts.
 */
class LiveCommandsTest {

  private static EmbeddedKafka kafka;
  private static Cli cli;

  private final EventCodec codec = new EventCodec();

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start();
    cli = new Cli(kafka.bootstrapServers());
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Test
  void freezeForceAndReleaseAreAcknowledgedWithWhoAndWhyOnTheTopicAndInStatus() throws Exception {
    String service = "shop/web";
    try (RunningDecider decider = new RunningDecider(kafka.bootstrapServers(), Cli.DECIDER);
        TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
      cli.probeUntilKnown(topics, service, Outcome.UP, Outcome.UP);

      Cli.Run freeze =
          cli.run("freeze", service, "--reason", "planned desktop maintenance", "--as", "alice");
      assertEquals(0, freeze.exit(), freeze.toString());
      assertTrue(freeze.out().contains("FREEZE for shop/web by alice"), freeze.toString());
      assertTrue(freeze.out().contains("acknowledged by the decider"), freeze.toString());
      assertTrue(freeze.out().contains("PRIMARY epoch 0 desktop=100 gke=0"), freeze.toString());
      OperatorOverride sent = lastOverride(topics, service);
      assertEquals(OverrideAction.FREEZE, sent.action());
      assertEquals("alice", sent.requestedBy());
      assertEquals("planned desktop maintenance", sent.reason());
      Cli.Run frozen = cli.run("status", service);
      assertTrue(
          frozen.out().contains("frozen by alice")
              && frozen.out().contains(": planned desktop maintenance"),
          frozen.toString());

      // Frozen: the desktop going DOWN moves nothing. The state that shows the DOWN verdict comes
      // from the same input that would have failed over, so it is the one to check.
      JsonNode stillHome =
          await()
              .atMost(Duration.ofSeconds(30))
              .pollInterval(Duration.ofMillis(200))
              .until(
                  () -> {
                    Cli.probe(topics, service, Outcome.DOWN, Outcome.UP);
                    return status(service);
                  },
                  state -> "DOWN".equals(state.get("health").get("desktop").asText()));
      assertEquals("PRIMARY", stillHome.get("mode").asText());
      assertEquals("DOWN", stillHome.get("health").get("desktop").asText());
      assertEquals(100, stillHome.get("routing").get("desktop").asInt());

      Cli.Run force =
          cli.run("force", "gke", service, "--reason", "move traffic now", "--as", "bob");
      assertEquals(0, force.exit(), force.toString());
      assertTrue(force.out().contains("FAILED_OVER epoch 1 desktop=0 gke=100"), force.toString());
      assertTrue(force.out().contains("command epoch 1 issued"), force.toString());
      Command forced = lastCommand(topics, service);
      assertTrue(
          forced.reason().startsWith("forced to gke by bob: move traffic now (until "),
          forced.reason());
      assertTrue(forced.causedBy().contains(lastOverrideEvent(topics, service).id()));
      JsonNode pinned = status(service);
      assertEquals("forced-gke", pinned.get("control").asText());
      assertEquals("bob", pinned.get("override").get("requestedBy").asText());
      assertEquals("move traffic now", pinned.get("override").get("reason").asText());
      assertEquals(100, pinned.get("routing").get("gke").asInt());
      assertTrue(cli.run("status", service).out().contains("forced-gke by bob"));

      Cli.Run release =
          cli.run("release", service, "--reason", "maintenance over", "--as", "carol");
      assertEquals(0, release.exit(), release.toString());
      assertEquals(OverrideAction.RELEASE, lastOverride(topics, service).action());
      assertEquals("carol", lastOverride(topics, service).requestedBy());
      JsonNode released = status(service);
      assertEquals("auto", released.get("control").asText());
      assertFalse(released.get("frozen").asBoolean());
    }
  }

  @Test
  void unfreezeIsAcknowledgedAndForceDesktopPinsHome() throws Exception {
    String service = "shop/api";
    try (RunningDecider decider = new RunningDecider(kafka.bootstrapServers(), Cli.DECIDER);
        TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
      cli.probeUntilKnown(topics, service, Outcome.UP, Outcome.UP);

      Cli.Run force =
          cli.run("force", "desktop", service, "--reason", "keep it home", "--as", "dan");
      assertEquals(0, force.exit(), force.toString());
      assertEquals("forced-desktop", status(service).get("control").asText());

      Cli.Run unfreeze = cli.run("unfreeze", service, "--reason", "back to rules", "--as", "erin");
      assertEquals(0, unfreeze.exit(), unfreeze.toString());
      assertEquals(OverrideAction.UNFREEZE, lastOverride(topics, service).action());
      assertEquals("auto", status(service).get("control").asText());
    }
  }

  @Test
  void withNoDeciderTheTimeoutExpiresSayingWhatIsMissing() {
    Cli.Run freeze =
        cli.run(
            "freeze",
            "shop/orphan",
            "--new-service",
            "--reason",
            "r",
            "--as",
            "alice",
            "--timeout",
            "2s");
    assertEquals(1, freeze.exit(), freeze.toString());
    assertTrue(freeze.err().contains("NOT acknowledged within 2s"), freeze.toString());
    assertTrue(
        freeze.err().contains("shop/orphan: no state on the state topic yet"), freeze.toString());
    assertTrue(freeze.err().contains("Is the decider running"), freeze.toString());

    Cli.Run force =
        cli.run("force", "gke", "shop/orphan", "--new-service", "--reason", "r", "--timeout", "1s");
    assertEquals(1, force.exit(), force.toString());
    assertTrue(force.err().contains("no command caused by this override"), force.toString());
  }

  /**
   * With {@code --key}, the override is signed as {@code --as}: the decider, trusting alice's and
   * bob's keys, accepts alice's own, and refuses alice's key claiming to be bob.
   */
  @Test
  void anOverrideIsSignedAsItsOperator_andAnotherOperatorsNameDoesNotVerify(@TempDir Path dir)
      throws Exception {
    KeyPair alice = ActorKeys.generate();
    KeyPair bob = ActorKeys.generate();
    Path aliceKey = dir.resolve("alice.key");
    Files.writeString(aliceKey, ActorKeys.pem(alice.getPrivate()));
    TrustedActors decider =
        TrustedActors.of(
            Map.of(
                ActorRole.OPERATOR,
                Map.of("alice", List.of(alice.getPublic()), "bob", List.of(bob.getPublic()))));
    String service = "shop/signed";
    try (TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
      Cli.Run asAlice =
          cli.run(
              "freeze",
              service,
              "--reason",
              "r",
              "--as",
              "alice",
              "--key",
              aliceKey.toString(),
              "--new-service",
              "--timeout",
              "1s");
      assertEquals(1, asAlice.exit(), "no decider here: " + asAlice);
      ConsumerRecord<String, byte[]> signed = last(readAll(topics, Topics.OVERRIDES, service));
      Event<?> event = codec.decode(signed.value());
      SignedRecords.check(decider, Topics.OVERRIDES, signed.value(), signed.headers(), event);

      Cli.Run asBob =
          cli.run(
              "release",
              service,
              "--reason",
              "r",
              "--as",
              "bob",
              "--key",
              aliceKey.toString(),
              "--new-service",
              "--timeout",
              "1s");
      assertTrue(asBob.err().contains("A decider that checks signatures"), asBob.toString());
      ConsumerRecord<String, byte[]> forged = last(readAll(topics, Topics.OVERRIDES, service));
      Event<?> claim = codec.decode(forged.value());
      assertEquals("bob", ((OperatorOverride) claim.data()).requestedBy());
      InvalidEventException refused =
          assertThrows(
              InvalidEventException.class,
              () ->
                  SignedRecords.check(
                      decider, Topics.OVERRIDES, forged.value(), forged.headers(), claim));
      assertTrue(
          refused
              .getMessage()
              .startsWith("hybrid-signature: does not verify with the key of" + " operator bob"),
          refused.getMessage());

      assertEquals(
          2,
          cli.run("freeze", service, "--reason", "r", "--key", dir.resolve("absent").toString())
              .exit(),
          "a key that cannot be read is a usage error");
    }
  }

  private static <T> T last(List<T> list) {
    return list.get(list.size() - 1);
  }

  @Test
  void usageErrorsExitTwo() {
    assertEquals(2, cli.run("freeze", "--reason", "r").exit(), "neither SERVICE nor --all");
    assertEquals(2, cli.run("freeze", "shop/web", "--all", "--reason", "r").exit());
    assertEquals(2, cli.run("freeze", "shop/web").exit(), "--reason is required");
    assertEquals(2, cli.run("force", "moon", "shop/web", "--reason", "r").exit());
    assertEquals(2, cli.run("freeze", "not-a-service", "--reason", "r").exit());
  }

  @Test
  void watchFollowsAFailoverAsReadableLinesAndAsCloudEvents() throws Exception {
    String service = "shop/cart";
    Instant start = Instant.now();
    try (RunningDecider decider = new RunningDecider(kafka.bootstrapServers(), Cli.DECIDER);
        TopicClient topics = new TopicClient(kafka.bootstrapServers())) {
      cli.probeUntilKnown(topics, service, Outcome.UP, Outcome.UP);
      CompletableFuture<Cli.Run> watching =
          CompletableFuture.supplyAsync(() -> cli.run("watch", service, "--for", "8s"));
      // The watch follows from now and says nothing once it has started: give it the time to
      // assign itself the partitions, or the failover below would happen before it looks. All it
      // shows meanwhile is that it keeps running (a usage or broker error would end it); the
      // prober goes on, so that the votes are still fresh when the desktop goes DOWN.
      await()
          .alias("the watch keeps running")
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                Cli.probe(topics, service, Outcome.UP, Outcome.UP);
                return !watching.isDone();
              });

      Command command =
          await()
              .alias("the decider failed over")
              .atMost(Duration.ofSeconds(10))
              .pollInterval(Duration.ofMillis(100))
              .until(
                  () -> {
                    Cli.probe(topics, service, Outcome.DOWN, Outcome.UP);
                    return lastCommandOrNull(topics, service);
                  },
                  Objects::nonNull);
      topics.send(
          Event.of(
              "/traffic-switcher/test",
              new ActuationResult(
                  command.commandId(),
                  service,
                  command.epoch(),
                  "traffic-switcher",
                  ActuationOutcome.APPLIED,
                  "gateway.networking.k8s.io/v1 HTTPRoute shop/cart",
                  1,
                  "weights cart=100 cart-desktop=0",
                  Instant.now())));

      Cli.Run watched = watching.get();
      assertEquals(0, watched.exit(), watched.toString());
      List<String> lines = watched.out().lines().toList();
      assertTrue(
          lines.stream().anyMatch(l -> l.contains("shop/cart  transition  desktop UP -> DOWN")),
          watched.toString());
      assertTrue(
          lines.stream()
              .anyMatch(
                  l ->
                      l.contains(
                          "command     epoch 1 FAILED_OVER desktop=0 gke=100 placement GKE")),
          watched.toString());
      assertTrue(
          lines.stream()
              .anyMatch(l -> l.contains("result      epoch 1 traffic-switcher APPLIED on test")),
          watched.toString());
      System.out.println("hybrid watch " + service + " during a failover:\n" + watched.out());

      Cli.Run json =
          cli.run("watch", service, "--from", start.toString(), "--for", "2s", "--output", "json");
      assertEquals(0, json.exit(), json.toString());
      List<Event<?>> events = json.out().lines().<Event<?>>map(codec::decode).toList();
      assertTrue(events.stream().anyMatch(e -> e.data() instanceof Command), json.toString());
      assertTrue(events.stream().anyMatch(e -> e.data() instanceof ActuationResult));
      assertTrue(events.stream().allMatch(e -> e.subject().equals(service)));
    }
  }

  private JsonNode status(String service) throws Exception {
    Cli.Run run = cli.run("status", service, "--output", "json");
    assertEquals(0, run.exit(), run.toString());
    JsonNode array = new ObjectMapper().readTree(run.out());
    assertEquals(1, array.size(), run.toString());
    return array.get(0);
  }

  private OperatorOverride lastOverride(TopicClient topics, String service) {
    return lastOverrideEvent(topics, service).data();
  }

  private Event<OperatorOverride> lastOverrideEvent(TopicClient topics, String service) {
    List<ConsumerRecord<String, byte[]>> read = readAll(topics, Topics.OVERRIDES, service);
    return codec.decode(read.get(read.size() - 1).value(), OperatorOverride.class);
  }

  private Command lastCommand(TopicClient topics, String service) {
    Command command = lastCommandOrNull(topics, service);
    assertTrue(command != null, "no command for " + service);
    return command;
  }

  private Command lastCommandOrNull(TopicClient topics, String service) {
    List<ConsumerRecord<String, byte[]>> read = readAll(topics, Topics.COMMANDS, service);
    return read.isEmpty()
        ? null
        : codec.decode(read.get(read.size() - 1).value(), Command.class).data();
  }

  /** Everything on a topic for one service key, in offset order (one key: one partition). */
  private static List<ConsumerRecord<String, byte[]>> readAll(
      TopicClient topics, String topic, String key) {
    Properties client = new Properties();
    client.put("bootstrap.servers", kafka.bootstrapServers());
    List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
    try (TopicReader reader = new TopicReader(client)) {
      List<TopicPartition> partitions = reader.assign(List.of(topic));
      Map<TopicPartition, Long> ends = reader.endOffsets(partitions);
      reader.seekToBeginning(partitions);
      reader.readTo(ends, read::add, Duration.ofSeconds(30));
    }
    return read.stream().filter(record -> key.equals(record.key())).toList();
  }
}
