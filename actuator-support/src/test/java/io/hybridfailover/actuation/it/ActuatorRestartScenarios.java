package io.hybridfailover.actuation.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hybridfailover.actuation.ActuationConfig;
import io.hybridfailover.actuation.Ownership;
import io.hybridfailover.actuation.it.RecordingApiServer.Write;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.kafka.EventDeserializer;
import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import io.hybridfailover.kafka.embedded.TopicClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The restart scenarios every actuator must pass, run against its packaged application killed
 * (SIGKILL) and started again for real, with the embedded broker and a standalone mock API server
 * in this JVM that records every write: no command is lost, none is written twice, and a command
 * whose write gave up before the restart is still applied after it.
 *
 * <p>Both actuators keep the desired state of one object per service ({@code shop/web}) and answer
 * on the results topic in the same way; a subclass says only which object that is and what it looks
 * like once a command is applied.
 */
public abstract class ActuatorRestartScenarios {

  private static final String SERVICE = "shop/web";
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Duration READ = Duration.ofSeconds(1);
  private static final int COMMANDS = 20;

  private final String name;
  private final ResourceDefinitionContext kind;
  private final String objectPath;

  /**
   * @param name the actuator's name, which is also its consumer group on the commands topic
   * @param kind the kind of object it keeps for {@code shop/web}: one named web in namespace shop
   */
  protected ActuatorRestartScenarios(String name, ResourceDefinitionContext kind) {
    this.name = name;
    this.kind = kind;
    this.objectPath =
        "/apis/%s/%s/namespaces/shop/%s/web"
            .formatted(kind.getGroup(), kind.getVersion(), kind.getPlural());
  }

  /** The settings that make this actuator keep the object web in namespace shop. */
  protected abstract List<String> serviceSettings();

  /** The spec of the object web as the user left it (desktop preferred), in YAML. */
  protected abstract String spec();

  /** The object is as the last command of the stream asks: back on the desktop, GKE at 25. */
  protected abstract void assertBackOnTheDesktop(GenericKubernetesResource object);

  /** The object is as a failover command asks: all of it on GKE. */
  protected abstract void assertFailedOverToGke(GenericKubernetesResource object);

  @Test
  public void aKillInTheMiddleOfAStreamLosesNoCommandAndWritesNoneTwice() throws Exception {
    Path work = workDirectory(name + "-restart-it");
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        RecordingApiServer api = new RecordingApiServer();
        TopicClient topics = new TopicClient(kafka.bootstrapServers());
        ActuatorProcesses actuators = new ActuatorProcesses("actuator.app.jar", work)) {
      seed(api.client(), "");
      List<Command> stream = new ArrayList<>();
      for (int epoch = 1; epoch <= COMMANDS; epoch++) {
        stream.add(command(epoch, epoch % 2 == 1 ? Routing.allGke() : Routing.desktop(25)));
      }
      // The first process commits once a minute: the kill re-delivers all it answered, the worst
      // case of a crash.
      Process first =
          actuators.start(
              "first",
              settings(
                  kafka,
                  api,
                  "first",
                  "1h",
                  restartedReplica(),
                  "mp.messaging.incoming.commands.auto.commit.interval.ms=60000"));
      // Once the first process is consuming, the decider publishes a command every 250 ms, and goes
      // on while the process is down, as it would.
      topics.send(Event.of("/failover-decider/it", stream.get(0)));
      await(() -> !api.writesTo(objectPath).isEmpty(), "the first write");
      CompletableFuture<Void> sending =
          CompletableFuture.runAsync(
              () -> {
                for (Command command : stream.subList(1, COMMANDS)) {
                  sleep(250);
                  topics.send(Event.of("/failover-decider/it", command));
                }
              });
      // Killed in the middle of the stream, once it has answered a third of it.
      awaitResults(topics, all -> from(all, "first").size() >= COMMANDS / 3);
      Instant killedAt = Instant.now();
      ActuatorProcesses.kill(first);
      actuators.start("second", settings(kafka, api, "second", "1h", restartedReplica()));
      sending.get(60, TimeUnit.SECONDS);
      String last = stream.get(COMMANDS - 1).commandId();
      List<Answer> results =
          awaitResults(
              topics,
              all -> from(all, "second").stream().anyMatch(a -> a.commandId().equals(last)));

      // None lost: every command has a result, and the object is as the last one asks.
      List<String> answered = results.stream().map(Answer::commandId).distinct().toList();
      for (Command command : stream) {
        assertTrue(answered.contains(command.commandId()), "no result for " + command);
      }
      GenericKubernetesResource object = managedObject(api.client());
      assertEquals(
          Long.toString(COMMANDS), Ownership.annotations(object).get(Ownership.EPOCH_ANNOTATION));
      assertEquals(last, Ownership.commandIdOf(object).orElseThrow());
      assertBackOnTheDesktop(object);

      // None written twice: every write is for a newer epoch than the one before.
      List<Write> writes = api.writesTo(objectPath);
      assertEveryWriteNewer(writes);

      // What the first process answered was read again by the second, and written no more.
      List<String> answeredByFirst =
          from(results, "first").stream().map(Answer::commandId).distinct().toList();
      List<ActuationResult> replayed =
          from(results, "second").stream()
              .filter(a -> answeredByFirst.contains(a.commandId()))
              .map(Answer::result)
              .toList();
      assertFalse(replayed.isEmpty(), "the restart re-delivered nothing; results " + results);
      for (ActuationResult again : replayed) {
        assertTrue(
            again.outcome() == ActuationOutcome.UNCHANGED
                || again.outcome() == ActuationOutcome.STALE,
            "replayed " + again);
      }
      System.out.printf(
          "%s restart: %d commands, %d results (%d replayed), %d writes,"
              + " killed after %d answers; the second process answered %d ms after the kill%n",
          name,
          COMMANDS,
          results.size(),
          replayed.size(),
          writes.size(),
          answeredByFirst.size(),
          from(results, "second").stream()
              .map(a -> Duration.between(killedAt, a.result().completedAt()).toMillis())
              .min(Long::compare)
              .orElseThrow());
    }
  }

  @Test
  public void aCommandWhoseWriteGaveUpIsAppliedAfterARestartFromTheCommandsTopic()
      throws Exception {
    Path work = workDirectory(name + "-recover-it");
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        RecordingApiServer api = new RecordingApiServer();
        TopicClient topics = new TopicClient(kafka.bootstrapServers());
        ActuatorProcesses actuators = new ActuatorProcesses("actuator.app.jar", work)) {
      seed(api.client(), "hybrid-failover.io/epoch: '1', hybrid-failover.io/command-id: old");
      Process first =
          actuators.start("first", settings(kafka, api, "first", "1h", restartedReplica()));
      api.failWrites(true);
      Command failover = command(2, Routing.allGke());
      topics.send(Event.of("/failover-decider/it", failover));
      ActuationResult failed = awaitResults(topics, all -> !all.isEmpty()).get(0).result();
      assertEquals(ActuationOutcome.FAILED, failed.outcome(), failed.detail());
      // Answered and committed: the intake of the next process will not see it again.
      try (Admin admin = kafka.admin()) {
        awaitCommitted(admin, restartedGroup());
      }
      ActuatorProcesses.kill(first);
      api.failWrites(false);

      actuators.start("second", settings(kafka, api, "second", "1s", restartedReplica()));

      ActuationResult applied =
          from(awaitResults(topics, all -> !from(all, "second").isEmpty()), "second")
              .get(0)
              .result();
      assertEquals(ActuationOutcome.APPLIED, applied.outcome(), applied.detail());
      assertEquals(failover.commandId(), applied.commandId());
      assertTrue(applied.detail().startsWith("applied on a later attempt cycle"), applied.detail());
      GenericKubernetesResource object = managedObject(api.client());
      assertEquals("2", Ownership.annotations(object).get(Ownership.EPOCH_ANNOTATION));
      assertFailedOverToGke(object);
      assertEquals(1, api.writesTo(objectPath).size(), "one write: " + api.writesTo(objectPath));
    }
  }

  /**
   * Two replicas run hot: each takes every command (a consumer group of its own), and the epoch
   * fence and the resourceVersion keep them from undoing each other, through the broker and the API
   * double. Replica a reads the commands topic; replica b reads the same commands interleaved
   * differently (a topic of its own, its view of the stream): most arrive at both at once (to one
   * first, then the other), so both plan the same epoch from the same object and race to write it;
   * every third arrives at b only once a has written the next one, so b takes a command while
   * knowing nothing newer and the object already carries a newer epoch; and older commands are sent
   * again behind newer ones (a decider that retries, or a zombie). No write ever carries an older
   * epoch than the write before it, no epoch is written twice (for one epoch one replica changes
   * the object, the other finds it UNCHANGED or STALE), and both replicas answer every command,
   * each result naming its replica. Without the fence in {@code Plan}, b writes the epochs it takes
   * late over newer ones.
   */
  @Test
  public void twoHotReplicasNeverWriteAnOlderEpochNorOneEpochTwice() throws Exception {
    Path work = workDirectory(name + "-hot-it");
    String view = Topics.COMMANDS + ".replica-b-view";
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        RecordingApiServer api = new RecordingApiServer();
        TopicClient topics = new TopicClient(kafka.bootstrapServers());
        ActuatorProcesses actuators = new ActuatorProcesses("actuator.app.jar", work)) {
      try (Admin admin = kafka.admin()) {
        admin.createTopics(List.of(new NewTopic(view, 1, (short) 1))).all().get();
      }
      seed(api.client(), "");
      List<Command> stream = new ArrayList<>();
      for (int epoch = 1; epoch <= COMMANDS; epoch++) {
        stream.add(command(epoch, epoch % 2 == 1 ? Routing.allGke() : Routing.desktop(25)));
      }
      // Each replica's group is its default one, named after its instance id: nothing set here.
      actuators.start("replica-a", settings(kafka, api, "replica-a", "1s"));
      actuators.start(
          "replica-b",
          settings(kafka, api, "replica-b", "1s", "mp.messaging.incoming.commands.topic=" + view));
      // b has read the (empty) commands topic at start-up: it knows only what its view says.
      Path logB = work.resolve("replica-b.log");
      await(
          () -> readQuietly(logB).contains("read 0 commands from the commands topic"),
          "replica-b's start-up read of the commands topic");

      EventCodec codec = new EventCodec();
      List<Command> sentA = new ArrayList<>();
      List<Command> sentB = new ArrayList<>();
      Command heldBack = null;
      for (int i = 0; i < COMMANDS; i++) {
        Command command = stream.get(i);
        boolean hold = i % 3 == 2 && i < COMMANDS - 1;
        // Sent to both at once, b's copy first now and then, so that either may win the race.
        boolean bFirst = !hold && heldBack == null;
        if (bFirst) {
          toView(topics, codec, view, command, sentB);
        }
        topics.send(Event.of("/failover-decider/it", command));
        sentA.add(command);
        if (heldBack != null) {
          // b takes the held-back command only once the object carries this newer one.
          long newer = command.epoch();
          await(() -> epochOf(managedObject(api.client())) >= newer, "a's write of " + newer);
          toView(topics, codec, view, heldBack, sentB);
          heldBack = null;
        }
        if (hold) {
          heldBack = command;
        } else if (!bFirst) {
          toView(topics, codec, view, command, sentB);
        }
        if (i % 4 == 3) {
          // An older command again, right behind a newer one, to both.
          Command older = stream.get(i - 2);
          topics.send(Event.of("/failover-decider/it", older));
          sentA.add(older);
          toView(topics, codec, view, older, sentB);
        }
        sleep(300);
      }
      List<Answer> results =
          awaitResults(
              topics,
              all ->
                  answeredEvery(from(all, "replica-a"), sentA)
                      && answeredEvery(from(all, "replica-b"), sentB));

      // Both replicas took every command, and each result names the replica that published it.
      assertEquals(
          results.size(),
          from(results, "replica-a").size() + from(results, "replica-b").size(),
          "results from elsewhere: " + results);

      // No older epoch, and no epoch twice: every accepted write is for a newer epoch than the one
      // before it, whichever replica made it.
      List<Write> writes = api.writesTo(objectPath);
      List<Long> epochs = assertEveryWriteNewer(writes);
      // For one epoch, at most one replica reports a change.
      Map<Long, List<String>> appliedBy = new HashMap<>();
      for (Answer answer : results) {
        if (answer.result().outcome() == ActuationOutcome.APPLIED) {
          appliedBy
              .computeIfAbsent(answer.result().epoch(), e -> new ArrayList<>())
              .add(answer.run());
        }
      }
      appliedBy.forEach(
          (epoch, by) -> assertEquals(1, by.size(), "epoch " + epoch + " APPLIED by " + by));
      // The held-back commands were fenced by the object: b answered them STALE.
      assertFalse(
          from(results, "replica-b").stream()
              .filter(a -> a.result().outcome() == ActuationOutcome.STALE)
              .toList()
              .isEmpty(),
          "b was never behind: " + from(results, "replica-b"));

      GenericKubernetesResource object = managedObject(api.client());
      assertEquals(COMMANDS, epochOf(object));
      assertEquals(
          stream.get(COMMANDS - 1).commandId(), Ownership.commandIdOf(object).orElseThrow());
      assertBackOnTheDesktop(object);
      Map<String, Long> outcomes = new TreeMap<>();
      results.forEach(a -> outcomes.merge(a.run() + " " + a.result().outcome(), 1L, Long::sum));
      System.out.printf(
          "%s hot: %d commands to two replicas (%d and %d records), results %s,"
              + " %d writes of epochs %s%n",
          name, COMMANDS, sentA.size(), sentB.size(), outcomes, writes.size(), epochs);
    }
  }

  /**
   * Every write accepted is for a newer epoch than the one before it: none older, none twice.
   *
   * @return the epochs written, in order
   */
  private static List<Long> assertEveryWriteNewer(List<Write> writes) {
    List<Long> epochs =
        writes.stream()
            .map(w -> Long.parseLong(w.annotation(Ownership.EPOCH_ANNOTATION).orElseThrow()))
            .toList();
    for (int i = 1; i < epochs.size(); i++) {
      assertTrue(epochs.get(i) > epochs.get(i - 1), "writes of epochs " + epochs);
    }
    return epochs;
  }

  /** Sends a command to replica b's view of the stream. */
  private static void toView(
      TopicClient topics, EventCodec codec, String view, Command command, List<Command> sent) {
    topics.sendRaw(
        view, command.service(), codec.encode(Event.of("/failover-decider/it", command)));
    sent.add(command);
  }

  private static long epochOf(GenericKubernetesResource object) {
    return Ownership.epochOf(object).orElse(0L);
  }

  private static String readQuietly(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }

  /** Whether {@code answers} hold a result for every command of {@code sent}. */
  private static boolean answeredEvery(List<Answer> answers, List<Command> sent) {
    List<String> answered = answers.stream().map(Answer::commandId).toList();
    return sent.stream().allMatch(c -> answered.contains(c.commandId()));
  }

  /**
   * The one replica of the restart scenarios, restarted in its pod: its consumer group, named after
   * the pod, survives the restart (the runs' instance ids differ only to tell their results apart).
   */
  private String restartedGroup() {
    return name + ".replica-0";
  }

  private String restartedReplica() {
    return "mp.messaging.incoming.commands.group.id=" + restartedGroup();
  }

  /** The settings of one actuator process: this broker, this API server, the test's service. */
  private List<String> settings(
      EmbeddedKafka kafka,
      RecordingApiServer api,
      String run,
      String driftInterval,
      String... more) {
    List<String> settings =
        new ArrayList<>(
            List.of(
                "quarkus.http.host=127.0.0.1",
                "quarkus.http.port=0",
                "kafka.bootstrap.servers=" + kafka.bootstrapServers(),
                "quarkus.kubernetes-client.api-server-url=" + api.url(),
                "quarkus.kubernetes-client.trust-certs=true",
                "quarkus.kubernetes-client.namespace=shop",
                ActuationConfig.PREFIX + ".instance-id=" + run,
                ActuationConfig.PREFIX + ".drift-interval=" + driftInterval,
                // The group hands a killed process's partitions on after 10 s, not the default 45.
                "mp.messaging.incoming.commands.session.timeout.ms=10000"));
    settings.addAll(serviceSettings());
    settings.addAll(List.of(more));
    return settings;
  }

  /**
   * Creates the object web in namespace shop, opted in to management, with these annotations
   * ({@code key: value, ...}) and the subclass's spec.
   */
  private void seed(KubernetesClient client, String annotations) {
    String manifest =
        """
        apiVersion: %s/%s
        kind: %s
        metadata:
          name: web
          namespace: shop
          labels: {hybrid-failover.io/managed: 'true'}
          annotations: {%s}
        spec:
        %s
        """
            .formatted(
                kind.getGroup(), kind.getVersion(), kind.getKind(), annotations, spec().indent(2));
    objects(client)
        .resource(
            new KubernetesSerialization().unmarshal(manifest, GenericKubernetesResource.class))
        .create();
  }

  private GenericKubernetesResource managedObject(KubernetesClient client) {
    return objects(client).withName("web").get();
  }

  private NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      objects(KubernetesClient client) {
    return client.genericKubernetesResources(kind).inNamespace("shop");
  }

  private static Command command(long epoch, Routing routing) {
    return new Command(
        "cmd-" + epoch,
        SERVICE,
        epoch,
        routing.gke() == 100 ? Mode.FAILED_OVER : Mode.FAILING_BACK,
        routing,
        routing.gke() == 100 ? Placement.GKE : Placement.PRIMARY,
        "restart test",
        List.of(),
        false,
        Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  /** Reads the results topic until {@code done} holds for what was read (or fails after WAIT). */
  private static List<Answer> awaitResults(TopicClient topics, Predicate<List<Answer>> done) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<Answer> answers = List.of();
    while (System.nanoTime() < deadline) {
      answers =
          topics
              .readUntil(List.of(Topics.RESULTS), new EventDeserializer(), read -> false, READ)
              .stream()
              .map(
                  r -> {
                    String source = r.value().source();
                    return new Answer(
                        source.substring(source.lastIndexOf('/') + 1),
                        (ActuationResult) r.value().data());
                  })
              .toList();
      if (done.test(answers)) {
        return answers;
      }
    }
    throw new AssertionError("results so far: " + answers);
  }

  /** One result and the actuator process that published it. */
  private record Answer(String run, ActuationResult result) {

    String commandId() {
      return result.commandId();
    }
  }

  private static List<Answer> from(List<Answer> answers, String run) {
    return answers.stream().filter(a -> a.run().equals(run)).toList();
  }

  /** Waits until the actuator's group has committed every command on the topic. */
  private void awaitCommitted(Admin admin, String group) {
    Awaitility.await("the " + group + " group to commit the commands topic")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> committedAll(admin, group));
  }

  private static boolean committedAll(Admin admin, String group) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
    for (int p = 0; p < EmbeddedKafka.DEFAULT_PARTITIONS; p++) {
      ends.put(new TopicPartition(Topics.COMMANDS, p), OffsetSpec.latest());
    }
    return admin.listOffsets(ends).all().get().entrySet().stream()
        .allMatch(
            end ->
                end.getValue().offset() == 0
                    || (committed.get(end.getKey()) != null
                        && committed.get(end.getKey()).offset() >= end.getValue().offset()));
  }

  private static void await(BooleanSupplier condition, String what) {
    Awaitility.await(what)
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(10))
        .until(condition::getAsBoolean);
  }

  private static Path workDirectory(String name) throws Exception {
    return Files.createDirectories(Path.of("target", name));
  }

  /** Paces the commands as a decider would publish them: time has to pass, nothing is awaited. */
  private static void sleep(long millis) {
    try {
      Thread.sleep(millis); // deliberate pacing of the command stream, not a wait for a condition
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
