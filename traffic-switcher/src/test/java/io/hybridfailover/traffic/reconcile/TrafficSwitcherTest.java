package io.hybridfailover.traffic.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hybridfailover.actuation.Ownership;
import io.hybridfailover.actuation.ReconcileLoop;
import io.hybridfailover.actuation.contract.WatchedCopies;
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
import io.hybridfailover.kafka.embedded.EmbeddedKafkaTestResource;
import io.hybridfailover.kafka.embedded.TopicClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The traffic-switcher end to end: commands through the real embedded broker, the TrafficSplit in
 * the fabric8 mock API server in CRUD mode (real HTTP, real JSON), results back on the topic.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithKubernetesTestServer(crud = true)
class TrafficSwitcherTest {

  private static final String PATH =
      "/apis/split.smi-spec.io/v1alpha2/namespaces/shop/trafficsplits/web";
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  /** Epochs grow across tests: the switcher remembers the newest it saw per service. */
  private static final AtomicLong EPOCHS = new AtomicLong(100);

  EmbeddedKafka kafka;

  @KubernetesTestServer KubernetesServer server;

  @Inject KubernetesClient client;
  @Inject TrafficSwitcher switcher;

  private TopicClient topics;
  private final Map<String, Integer> sent = new HashMap<>();

  @BeforeEach
  void freshTrafficSplit() {
    topics = new TopicClient(kafka.bootstrapServers());
    split().delete();
    create("hybrid-failover.io/managed: 'true'");
    // The attempt counts below assume the first write starts from a current watched copy.
    WatchedCopies.awaitCurrent(switcher, "shop/web", split().get());
  }

  @AfterEach
  void close() {
    topics.close();
  }

  @Test
  void apply_setsTheWeightsAndAnswersApplied() {
    ActuationResult result = send(Routing.allGke(), false);

    assertEquals(ActuationOutcome.APPLIED, result.outcome());
    assertEquals("split.smi-spec.io/v1alpha2 TrafficSplit shop/web", result.resource());
    assertEquals(Map.of("web", 100, "web-desktop", 0), weights());
    assertEquals(
        Long.toString(result.epoch()),
        split().get().getMetadata().getAnnotations().get(Ownership.EPOCH_ANNOTATION));
  }

  @Test
  void applyAgain_isUnchangedAndWritesNothing() {
    Command command = command(Routing.allGke(), false);
    send(command);
    String version = split().get().getMetadata().getResourceVersion();

    ActuationResult again = send(command);

    assertEquals(ActuationOutcome.UNCHANGED, again.outcome());
    assertEquals(version, split().get().getMetadata().getResourceVersion(), "no write");
  }

  @Test
  void staleEpoch_isRefusedWithoutAWrite() {
    Command old = command(Routing.allGke(), false);
    ActuationResult newer = send(Routing.desktop(25), false);
    String version = split().get().getMetadata().getResourceVersion();

    ActuationResult result = send(old);

    assertEquals(ActuationOutcome.STALE, result.outcome());
    assertTrue(result.detail().contains("newer than " + old.epoch()), result.detail());
    assertEquals(version, split().get().getMetadata().getResourceVersion(), "no write");
    assertEquals(Map.of("web", 75, "web-desktop", 25), weights(), "epoch " + newer.epoch());
  }

  @Test
  void anObjectWithoutTheOptInLabel_isRefused() {
    split().delete();
    create("team: shop");

    ActuationResult result = send(Routing.allGke(), false);

    assertEquals(ActuationOutcome.REFUSED, result.outcome());
    assertTrue(result.detail().contains(Ownership.MANAGED_LABEL), result.detail());
    assertEquals(Map.of("web", 0, "web-desktop", 100), weights());
  }

  @Test
  void aTrafficSplitControlledByLinkerdFailover_isRefused() {
    split().delete();
    create(
        "hybrid-failover.io/managed: 'true', failover.linkerd.io/controlled-by: linkerd-failover");

    ActuationResult result = send(Routing.allGke(), false);

    assertEquals(ActuationOutcome.REFUSED, result.outcome());
    assertTrue(result.detail().contains("linkerd-failover"), result.detail());
    assertEquals(Map.of("web", 0, "web-desktop", 100), weights());
  }

  @Test
  void aConflictOnTheFirstWrite_isRetriedFromAFreshReadAndSucceeds() {
    server.expect().put().withPath(PATH).andReturn(409, status(409, "Conflict")).once();

    ActuationResult result = send(Routing.allGke(), false);

    assertEquals(ActuationOutcome.APPLIED, result.outcome());
    assertEquals(2, result.attempt());
    assertEquals(Map.of("web", 100, "web-desktop", 0), weights());
  }

  @Test
  void repeatedServerErrors_endInFailedWithTheReason() {
    server.expect().put().withPath(PATH).andReturn(500, status(500, "etcd is down")).times(6);

    ActuationResult result = send(Routing.allGke(), false);

    assertEquals(ActuationOutcome.FAILED, result.outcome());
    assertEquals(6, result.attempt());
    assertTrue(result.detail().contains("HTTP 500"), result.detail());
    assertEquals(Map.of("web", 0, "web-desktop", 100), weights(), "nothing was written");
  }

  @Test
  void aCommandOlderThanTheNewestSeen_isSupersededEvenOnItsFirstAttempt() {
    Command older = command(Routing.desktop(25), false);
    Command newer = command(Routing.allGke(), false);
    server.expect().put().withPath(PATH).andReturn(500, status(500, "etcd is down")).times(6);
    assertEquals(ActuationOutcome.FAILED, send(newer).outcome(), "the newer one's write gave up");

    // The older command arrives after the newer one (re-read after a restart, say): its write
    // would pass the object's fence, which still carries an epoch below both.
    ActuationResult result = send(older);

    assertEquals(ActuationOutcome.STALE, result.outcome());
    assertTrue(result.detail().contains("superseded by epoch " + newer.epoch()), result.detail());
    assertEquals(Map.of("web", 0, "web-desktop", 100), weights(), "the older weights not written");
  }

  @Test
  void aForbiddenWrite_isFailedAtOnceWithTheReasonNotDeadLettered() {
    server.expect().put().withPath(PATH).andReturn(403, status(403, "RBAC says no")).once();

    ActuationResult result = send(Routing.allGke(), false);

    assertEquals(ActuationOutcome.FAILED, result.outcome());
    assertEquals(1, result.attempt(), "a 403 is not retried");
    assertTrue(result.detail().contains("HTTP 403: RBAC says no"), result.detail());
  }

  @Test
  void theStartUpRehearsal_reachesThePlanAndWritesNothing() throws InterruptedException {
    String version = split().get().getMetadata().getResourceVersion();

    // shop/stuck (the contract's second service) and shop/web, rehearsed last.
    assertEquals(
        switcher.targets().size(), switcher.loop().rehearse(), "rehearsed against every route");

    // The write request is rehearsed too: a dry run, to an object that does not exist.
    var rehearsedWrite = server.getLastRequest();
    assertEquals("PUT", rehearsedWrite.getMethod());
    assertTrue(
        rehearsedWrite.getPath().contains("/" + ReconcileLoop.REHEARSAL_NAME + "?dryRun=All"),
        rehearsedWrite.getPath());
    assertEquals(version, split().get().getMetadata().getResourceVersion(), "no write");
    assertNull(
        client
            .genericKubernetesResources(
                switcher.target("shop/web").orElseThrow().route().definition())
            .inNamespace("shop")
            .withName(ReconcileLoop.REHEARSAL_NAME)
            .get(),
        "nothing created");
    assertEquals(Map.of("web", 0, "web-desktop", 100), weights());
  }

  @Test
  void dryRun_reportsAndWritesNothing() {
    String version = split().get().getMetadata().getResourceVersion();

    ActuationResult result = send(Routing.allGke(), true);

    assertEquals(ActuationOutcome.APPLIED, result.outcome());
    assertTrue(result.detail().startsWith("dry run, nothing written"), result.detail());
    assertEquals(version, split().get().getMetadata().getResourceVersion());
  }

  @Test
  void drift_isCorrectedFromWhatTheObjectWasLastWrittenFor() {
    ActuationResult applied = send(Routing.allGke(), false);
    GenericKubernetesResource edited = split().get();
    backends(edited).get(0).put("weight", 50);
    backends(edited).get(1).put("weight", 50);
    client
        .genericKubernetesResources(switcher.target("shop/web").orElseThrow().route().definition())
        .inNamespace("shop")
        .resource(edited)
        .update();
    WatchedCopies.awaitCurrent(switcher, "shop/web", split().get());

    switcher.loop().correct(switcher.target("shop/web").orElseThrow());

    assertEquals(Map.of("web", 100, "web-desktop", 0), weights());
    ActuationResult corrected =
        awaitResult(
            r -> r.commandId().equals(applied.commandId()) && r.detail().startsWith("drift"), 1);
    assertEquals(ActuationOutcome.APPLIED, corrected.outcome());
    assertTrue(corrected.detail().startsWith("drift corrected"), corrected.detail());
  }

  private ActuationResult send(Routing routing, boolean dryRun) {
    return send(command(routing, dryRun));
  }

  /** Sends the command and returns its result (its n-th, if it was sent n times). */
  private ActuationResult send(Command command) {
    int n = sent.merge(command.commandId(), 1, Integer::sum);
    topics.send(Event.of("/failover-decider/test", command));
    return awaitResult(
        r -> r.commandId().equals(command.commandId()) && !r.detail().startsWith("drift"), n);
  }

  /** Waits for the n-th result that matches. */
  private ActuationResult awaitResult(Predicate<ActuationResult> match, int n) {
    List<ActuationResult> matching =
        topics
            .readUntil(
                List.of(Topics.RESULTS),
                new EventDeserializer(),
                read -> read.stream().map(TrafficSwitcherTest::result).filter(match).count() >= n,
                Duration.ofSeconds(60))
            .stream()
            .map(TrafficSwitcherTest::result)
            .filter(match)
            .toList();
    if (matching.size() < n) {
      throw new AssertionError("result " + n + " never came; got " + matching);
    }
    return matching.get(n - 1);
  }

  private static ActuationResult result(ConsumerRecord<String, Event<?>> record) {
    return (ActuationResult) record.value().data();
  }

  private static Command command(Routing routing, boolean dryRun) {
    long epoch = EPOCHS.incrementAndGet();
    return new Command(
        UUID.randomUUID().toString(),
        "shop/web",
        epoch,
        routing.gke() == 100 ? Mode.FAILED_OVER : Mode.FAILING_BACK,
        routing,
        Placement.GKE,
        "test",
        List.of(),
        dryRun,
        Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  private Resource<GenericKubernetesResource> split() {
    return client
        .genericKubernetesResources(switcher.target("shop/web").orElseThrow().route().definition())
        .inNamespace("shop")
        .withName("web");
  }

  private void create(String labels) {
    client
        .genericKubernetesResources(switcher.target("shop/web").orElseThrow().route().definition())
        .inNamespace("shop")
        .resource(
            YAML.unmarshal(
                """
                apiVersion: split.smi-spec.io/v1alpha2
                kind: TrafficSplit
                metadata:
                  name: web
                  namespace: shop
                  labels: {%s}
                spec:
                  service: web
                  backends:
                  - service: web
                    weight: 0
                  - service: web-desktop
                    weight: 100
                """
                    .formatted(labels),
                GenericKubernetesResource.class))
        .create();
  }

  private Map<String, Integer> weights() {
    Map<String, Integer> weights = new java.util.TreeMap<>();
    for (Map<String, Object> backend : backends(split().get())) {
      weights.put((String) backend.get("service"), ((Number) backend.get("weight")).intValue());
    }
    return weights;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> backends(GenericKubernetesResource split) {
    return (List<Map<String, Object>>)
        ((Map<String, Object>) split.getAdditionalProperties().get("spec")).get("backends");
  }

  private static String status(int code, String message) {
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":"
        + code
        + ",\"message\":\""
        + message
        + "\"}";
  }
}
