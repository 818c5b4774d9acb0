package io.hybridfailover.placement.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hybridfailover.actuation.Ownership;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.kafka.EventDeserializer;
import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import io.hybridfailover.kafka.embedded.TopicClient;
import io.hybridfailover.placement.it.RecordingApiServer.Write;
import io.hybridfailover.placement.policy.PlacementTarget.PolicyKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The karmada-actuator as it runs in production, the packaged application, killed (SIGKILL) and
 * started again for real, against the embedded broker and a standalone mock API server in this JVM
 * that records every write: no command is lost, none is written twice, and a command whose write
 * gave up before the restart is still applied after it.
 */
class KarmadaActuatorRestartIT {

  private static final String SERVICE = "shop/web";
  private static final String GROUP = "karmada-actuator";
  private static final String OBJECT =
      "/apis/policy.karmada.io/v1alpha1/namespaces/shop/propagationpolicies/web";

  /** The user's placement: desktop preferred by static weights. */
  private static final String ORIGINAL =
      """
      clusterAffinity:
        clusterNames: [desktop, gke]
      replicaScheduling:
        replicaSchedulingType: Divided
        replicaDivisionPreference: Weighted
        weightPreference:
          staticWeightList:
          - targetCluster: {clusterNames: [desktop]}
            weight: 10
          - targetCluster: {clusterNames: [gke]}
            weight: 1
      """;

  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Duration READ = Duration.ofSeconds(1);
  private static final int COMMANDS = 20;

  @Test
  void aKillInTheMiddleOfAStreamLosesNoCommandAndWritesNoneTwice() throws Exception {
    Path work = workDirectory("actuator-restart-it");
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
                  "mp.messaging.incoming.commands.auto.commit.interval.ms=60000"));
      // Once the first process is consuming, the decider publishes a command every 250 ms, and goes
      // on while the process is down, as it would.
      topics.send(Event.of("/failover-decider/it", stream.get(0)));
      await(() -> !api.writesTo(OBJECT).isEmpty(), "the first write");
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
      actuators.start("second", settings(kafka, api, "second", "1h"));
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
      GenericKubernetesResource policy = policies(api.client()).withName("web").get();
      assertEquals(
          Long.toString(COMMANDS), Ownership.annotations(policy).get(Ownership.EPOCH_ANNOTATION));
      assertEquals(
          stream.get(COMMANDS - 1).commandId(), Ownership.commandIdOf(policy).orElseThrow());
      assertEquals(yaml(ORIGINAL), placement(policy), "the last command restores the original");

      // None written twice: every write is for a newer epoch than the one before.
      List<Write> writes = api.writesTo(OBJECT);
      List<Long> epochs =
          writes.stream()
              .map(w -> Long.parseLong(w.annotation(Ownership.EPOCH_ANNOTATION).orElseThrow()))
              .toList();
      for (int i = 1; i < epochs.size(); i++) {
        assertTrue(epochs.get(i) > epochs.get(i - 1), "writes of epochs " + epochs);
      }

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
          "karmada-actuator restart: %d commands, %d results (%d replayed), %d writes,"
              + " killed after %d answers; the second process answered %d ms after the kill%n",
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
  void aCommandWhoseWriteGaveUpIsAppliedAfterARestartFromTheCommandsTopic() throws Exception {
    Path work = workDirectory("actuator-recover-it");
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        RecordingApiServer api = new RecordingApiServer();
        TopicClient topics = new TopicClient(kafka.bootstrapServers());
        ActuatorProcesses actuators = new ActuatorProcesses("actuator.app.jar", work)) {
      seed(api.client(), "hybrid-failover.io/epoch: '1', hybrid-failover.io/command-id: old");
      Process first = actuators.start("first", settings(kafka, api, "first", "1h"));
      api.failWrites(true);
      Command failover = command(2, Routing.allGke());
      topics.send(Event.of("/failover-decider/it", failover));
      ActuationResult failed = awaitResults(topics, all -> !all.isEmpty()).get(0).result();
      assertEquals(ActuationOutcome.FAILED, failed.outcome(), failed.detail());
      // Answered and committed: the intake of the next process will not see it again.
      try (Admin admin = kafka.admin()) {
        awaitCommitted(admin);
      }
      ActuatorProcesses.kill(first);
      api.failWrites(false);

      actuators.start("second", settings(kafka, api, "second", "1s"));

      ActuationResult applied =
          from(awaitResults(topics, all -> !from(all, "second").isEmpty()), "second")
              .get(0)
              .result();
      assertEquals(ActuationOutcome.APPLIED, applied.outcome(), applied.detail());
      assertEquals(failover.commandId(), applied.commandId());
      assertTrue(applied.detail().startsWith("applied on a later attempt cycle"), applied.detail());
      GenericKubernetesResource policy = policies(api.client()).withName("web").get();
      assertEquals("2", Ownership.annotations(policy).get(Ownership.EPOCH_ANNOTATION));
      assertEquals(
          "Duplicated",
          ((Map<?, ?>) placement(policy).get("replicaScheduling")).get("replicaSchedulingType"),
          "widened for GKE");
      assertEquals(1, api.writesTo(OBJECT).size(), "one write: " + api.writesTo(OBJECT));
    }
  }

  /** The settings of one actuator process: this broker, this API server, the test's service. */
  private static List<String> settings(
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
                "hybrid.services.\"shop/web\".placement.name=web",
                "hybrid.actuator.instance-id=" + run,
                "hybrid.actuator.drift-interval=" + driftInterval,
                // Nothing reschedules here: a placement change is unconfirmed after 1 s.
                "hybrid.actuator.reschedule-timeout=1s",
                "hybrid.actuator.confirm-poll-interval=100ms",
                // The group hands a killed process's partitions on after 10 s, not the default 45.
                "mp.messaging.incoming.commands.session.timeout.ms=10000"));
    settings.addAll(List.of(more));
    return settings;
  }

  private static void seed(KubernetesClient client, String annotations) {
    policies(client)
        .resource(
            YAML.unmarshal(
                """
                apiVersion: policy.karmada.io/v1alpha1
                kind: PropagationPolicy
                metadata:
                  name: web
                  namespace: shop
                  labels: {hybrid-failover.io/managed: 'true'}
                  annotations: {%s}
                spec:
                  resourceSelectors:
                  - {apiVersion: apps/v1, kind: Deployment, name: web}
                  placement:
                %s
                """
                    .formatted(annotations, ORIGINAL.indent(4)),
                GenericKubernetesResource.class))
        .create();
  }

  private static NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      policies(KubernetesClient client) {
    return client
        .genericKubernetesResources(PolicyKind.PROPAGATION_POLICY.context())
        .inNamespace("shop");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> placement(GenericKubernetesResource policy) {
    return (Map<String, Object>)
        ((Map<String, Object>) policy.getAdditionalProperties().get("spec")).get("placement");
  }

  private static Object yaml(String placement) {
    return YAML.unmarshal(placement, Map.class);
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

  /** Waits until the actuators' group has committed every command on the topic. */
  private static void awaitCommitted(Admin admin) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
      for (int p = 0; p < EmbeddedKafka.DEFAULT_PARTITIONS; p++) {
        ends.put(new TopicPartition(Topics.COMMANDS, p), OffsetSpec.latest());
      }
      boolean all =
          admin.listOffsets(ends).all().get().entrySet().stream()
              .allMatch(
                  end ->
                      end.getValue().offset() == 0
                          || (committed.get(end.getKey()) != null
                              && committed.get(end.getKey()).offset() >= end.getValue().offset()));
      if (all) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the " + GROUP + " group never committed the commands topic");
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "waited in vain for " + what);
      Thread.sleep(10);
    }
  }

  private static Path workDirectory(String name) throws Exception {
    return Files.createDirectories(Path.of("target", name));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
