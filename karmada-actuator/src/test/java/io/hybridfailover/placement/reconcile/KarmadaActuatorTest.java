package io.hybridfailover.placement.reconcile;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hybridfailover.actuation.JsonMaps;
import io.hybridfailover.actuation.Ownership;
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
import io.hybridfailover.placement.policy.PlacementPlan;
import io.hybridfailover.placement.policy.PlacementTarget.PolicyKind;
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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The karmada-actuator end to end: commands through the real embedded broker, the policies,
 * bindings and rebalancers in the fabric8 mock API server in CRUD mode (real HTTP, real JSON),
 * results back on the topic. Karmada itself is not there: each test puts the ResourceBinding in the
 * state Karmada's scheduler would (or would not) have reached.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithKubernetesTestServer(crud = true)
class KarmadaActuatorTest {

  private static final String PATH =
      "/apis/policy.karmada.io/v1alpha1/namespaces/shop/propagationpolicies/web";
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Epochs grow across tests: the actuator remembers the newest it saw per service. */
  private static final AtomicLong EPOCHS = new AtomicLong(100);

  /** The user's placement: desktop preferred by static weights. */
  private static final String ORIGINAL =
      """
      clusterAffinity:
        clusterNames: [desktop, gke]
      clusterTolerations:
      - {key: cluster.karmada.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 30}
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

  /** What the actuator turns it into for GKE. */
  private static final String WIDENED =
      """
      clusterAffinity:
        clusterNames: [desktop, gke]
      clusterTolerations:
      - {key: cluster.karmada.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 30}
      replicaScheduling:
        replicaSchedulingType: Duplicated
      """;

  private static final String BOTH_FULL =
      "[{name: desktop, replicas: 3}, {name: gke, replicas: 3}]";
  private static final String WEIGHTED = "[{name: desktop, replicas: 3}]";

  EmbeddedKafka kafka;

  @KubernetesTestServer KubernetesServer server;

  @Inject KubernetesClient client;
  @Inject KarmadaActuator actuator;

  private TopicClient topics;
  private final Map<String, Integer> sent = new HashMap<>();

  @BeforeEach
  void freshPolicyAndBinding() {
    topics = new TopicClient(kafka.bootstrapServers());
    policy().delete();
    createPolicy("hybrid-failover.io/managed: 'true'", ORIGINAL);
    // Unless a test says otherwise, Karmada has rescheduled for GKE by the time it looks.
    binding(WIDENED, BOTH_FULL);
    client.genericKubernetesResources(WorkloadRebalancers.REBALANCERS).delete();
    // The attempt counts below assume the first write starts from a current watched copy.
    WatchedCopies.awaitCurrent(actuator, "shop/web", policy().get());
  }

  @AfterEach
  void close() {
    topics.close();
  }

  @Test
  void apply_widensThePlacementConfirmsOnTheBindingAndAnswersApplied() {
    ActuationResult result = send(Placement.GKE, false);

    assertEquals(ActuationOutcome.APPLIED, result.outcome());
    assertEquals("policy.karmada.io/v1alpha1 PropagationPolicy shop/web", result.resource());
    assertTrue(
        result
            .detail()
            .startsWith(
                "placement GKE: clusterNames [desktop, gke], Duplicated"
                    + " (was clusterNames [desktop, gke], Divided); binding confirmed in "),
        result.detail());
    assertEquals(yaml(WIDENED), placement());
    Map<String, String> annotations = policy().get().getMetadata().getAnnotations();
    assertEquals(Long.toString(result.epoch()), annotations.get(Ownership.EPOCH_ANNOTATION));
    assertEquals(result.commandId(), annotations.get(Ownership.COMMAND_ID_ANNOTATION));
    assertEquals(
        json(yaml(ORIGINAL)), annotations.get(PlacementPlan.ORIGINAL_PLACEMENT_ANNOTATION));
    assertTrue(rebalancers().isEmpty(), "no rebalancer when Karmada rescheduled by itself");
  }

  @Test
  void applyAgain_isUnchangedAndWritesNothing() {
    Command command = command(Placement.GKE, false);
    send(command);
    String version = policy().get().getMetadata().getResourceVersion();

    ActuationResult again = send(command);

    assertEquals(ActuationOutcome.UNCHANGED, again.outcome());
    assertEquals(version, policy().get().getMetadata().getResourceVersion(), "no write");
  }

  @Test
  void aPolicyCarryingANewerEpoch_refusesTheCommandAsStaleWithoutAWrite() {
    long newer = EPOCHS.get() + 1_000;
    policy().delete();
    createPolicy(
        "hybrid-failover.io/managed: 'true'",
        ORIGINAL,
        "hybrid-failover.io/epoch: '" + newer + "'");
    String version = policy().get().getMetadata().getResourceVersion();

    ActuationResult result = send(Placement.GKE, false);

    assertEquals(ActuationOutcome.STALE, result.outcome());
    assertTrue(
        result.detail().contains("carries epoch " + newer + ", newer than " + result.epoch()),
        result.detail());
    assertEquals(version, policy().get().getMetadata().getResourceVersion(), "no write");
  }

  @Test
  void aCommandOlderThanOneAlreadyApplied_isStale() {
    Command old = command(Placement.GKE, false);
    send(Placement.GKE, false);

    ActuationResult result = send(old);

    assertEquals(ActuationOutcome.STALE, result.outcome());
    assertTrue(result.detail().contains("epoch " + old.epoch()), result.detail());
  }

  @Test
  void aPolicyWithoutTheOptInLabel_isRefused() {
    policy().delete();
    createPolicy("team: shop", ORIGINAL);

    ActuationResult result = send(Placement.GKE, false);

    assertEquals(ActuationOutcome.REFUSED, result.outcome());
    assertTrue(result.detail().contains(Ownership.MANAGED_LABEL), result.detail());
    assertEquals(yaml(ORIGINAL), placement());
  }

  @Test
  void aConflictOnTheFirstWrite_isRetriedFromAFreshReadAndSucceeds() {
    server.expect().put().withPath(PATH).andReturn(409, status(409, "Conflict")).once();

    ActuationResult result = send(Placement.GKE, false);

    assertEquals(ActuationOutcome.APPLIED, result.outcome());
    assertEquals(2, result.attempt());
    assertEquals(yaml(WIDENED), placement());
  }

  @Test
  void repeatedServerErrors_endInFailedWithTheReason() {
    server.expect().put().withPath(PATH).andReturn(500, status(500, "etcd is down")).times(6);

    ActuationResult result = send(Placement.GKE, false);

    assertEquals(ActuationOutcome.FAILED, result.outcome());
    assertEquals(6, result.attempt());
    assertTrue(result.detail().contains("HTTP 500"), result.detail());
    assertTrue(result.detail().contains("etcd is down"), result.detail());
    assertEquals(yaml(ORIGINAL), placement(), "nothing was written");
  }

  @Test
  void aCommandWhoseWriteGaveUp_isAppliedOnTheNextAttemptCycle() {
    server.expect().put().withPath(PATH).andReturn(500, status(500, "etcd is down")).times(6);
    ActuationResult failed = send(Placement.GKE, false);

    actuator.loop().correct(actuator.target("shop/web").orElseThrow());

    ActuationResult retried =
        awaitResult(
            r -> r.commandId().equals(failed.commandId()) && r.detail().startsWith("applied on"),
            1);
    assertEquals(ActuationOutcome.FAILED, failed.outcome());
    assertEquals(ActuationOutcome.APPLIED, retried.outcome());
    assertEquals(yaml(WIDENED), placement());
  }

  @Test
  void dryRun_reportsAndWritesNothing() {
    String version = policy().get().getMetadata().getResourceVersion();

    ActuationResult result = send(Placement.GKE, true);

    assertEquals(ActuationOutcome.APPLIED, result.outcome());
    assertTrue(
        result
            .detail()
            .startsWith("dry run, nothing written: placement GKE: clusterNames [desktop, gke]"),
        result.detail());
    assertEquals(version, policy().get().getMetadata().getResourceVersion());
    assertTrue(rebalancers().isEmpty());
  }

  @Test
  void gkeThenPrimary_restoresTheOriginalPlacementByteForByte() {
    String original = json(placement());
    send(Placement.GKE, false);
    binding(ORIGINAL, WEIGHTED);

    ActuationResult result = send(Placement.PRIMARY, false);

    assertEquals(ActuationOutcome.APPLIED, result.outcome());
    assertTrue(
        result
            .detail()
            .startsWith(
                "placement PRIMARY: clusterNames [desktop, gke], Divided, original restored"),
        result.detail());
    assertTrue(result.detail().contains("binding confirmed in "), result.detail());
    assertEquals(original, json(placement()));
    assertFalse(
        policy()
            .get()
            .getMetadata()
            .getAnnotations()
            .containsKey(PlacementPlan.ORIGINAL_PLACEMENT_ANNOTATION));
  }

  @Test
  void aBindingThatDoesNotReschedule_getsAWorkloadRebalancer() {
    binding(ORIGINAL, WEIGHTED);

    ActuationResult result = send(Placement.GKE, false);

    assertEquals(ActuationOutcome.APPLIED, result.outcome());
    String name = "shop-web-" + result.epoch();
    assertTrue(
        result
            .detail()
            .endsWith(
                "binding not rescheduled within 2 s (the binding still carries the previous"
                    + " placement): WorkloadRebalancer "
                    + name
                    + " created"),
        result.detail());
    List<GenericKubernetesResource> rebalancers = rebalancers();
    assertEquals(1, rebalancers.size());
    assertEquals(name, rebalancers.get(0).getMetadata().getName());
    Map<String, Object> spec = JsonMaps.map(rebalancers.get(0), "spec");
    assertEquals(
        List.of(
            Map.of(
                "apiVersion", "apps/v1", "kind", "Deployment", "name", "web", "namespace", "shop")),
        spec.get("workloads"));
    assertEquals(3600, spec.get("ttlSecondsAfterFinished"));
  }

  @Test
  void clusterAffinityGroups_areRefusedNamingTheField() {
    policy().delete();
    createPolicy(
        "hybrid-failover.io/managed: 'true'",
        """
        clusterAffinities:
        - {affinityName: home, clusterNames: [desktop]}
        - {affinityName: cloud, clusterNames: [gke]}
        """);
    String version = policy().get().getMetadata().getResourceVersion();

    ActuationResult result = send(Placement.GKE, false);

    assertEquals(ActuationOutcome.REFUSED, result.outcome());
    assertTrue(result.detail().contains("spec.placement.clusterAffinities"), result.detail());
    assertEquals(version, policy().get().getMetadata().getResourceVersion(), "no write");
  }

  @Test
  void aLabelSelectorWithoutClusterNames_isRefusedNamingTheField() {
    policy().delete();
    createPolicy(
        "hybrid-failover.io/managed: 'true'",
        "clusterAffinity: {labelSelector: {matchLabels: {site: home}}}");

    ActuationResult result = send(Placement.GKE, false);

    assertEquals(ActuationOutcome.REFUSED, result.outcome());
    assertTrue(
        result.detail().contains("spec.placement.clusterAffinity.labelSelector"), result.detail());
  }

  @Test
  void aClusterPropagationPolicy_isWidenedToo() {
    Resource<GenericKubernetesResource> policy =
        client
            .genericKubernetesResources(PolicyKind.CLUSTER_PROPAGATION_POLICY.context())
            .withName("cart-policy");
    policy.delete();
    client
        .genericKubernetesResources(PolicyKind.CLUSTER_PROPAGATION_POLICY.context())
        .resource(
            YAML.unmarshal(
                """
                apiVersion: policy.karmada.io/v1alpha1
                kind: ClusterPropagationPolicy
                metadata:
                  name: cart-policy
                  labels: {hybrid-failover.io/managed: 'true'}
                spec:
                  resourceSelectors:
                  - {apiVersion: apps/v1, kind: Deployment, name: cart, namespace: shop}
                  placement:
                    clusterAffinity: {clusterNames: [desktop]}
                """,
                GenericKubernetesResource.class))
        .create();
    bindingFor(
        "cart-deployment",
        "{clusterAffinity: {clusterNames: [desktop, gke]},"
            + " replicaScheduling: {replicaSchedulingType: Duplicated}}",
        BOTH_FULL);

    ActuationResult result = send(command("shop/cart", Placement.GKE, false));

    assertEquals(ActuationOutcome.APPLIED, result.outcome());
    assertEquals(
        "policy.karmada.io/v1alpha1 ClusterPropagationPolicy cart-policy", result.resource());
    assertTrue(result.detail().contains("binding confirmed in "), result.detail());
    assertEquals(
        List.of("desktop", "gke"),
        PlacementPlan.clusterNames(PlacementPlan.placementOf(policy.get())));
  }

  @Test
  void aServiceWithoutPlacement_isRefused() {
    ActuationResult result = send(command("shop/other", Placement.GKE, false));

    assertEquals(ActuationOutcome.REFUSED, result.outcome());
    assertEquals("service shop/other", result.resource());
    assertTrue(result.detail().contains("no placement"), result.detail());
  }

  @Test
  void anEditedWidenedPlacement_isWidenedAgainByTheDriftCheck() {
    ActuationResult applied = send(Placement.GKE, false);
    GenericKubernetesResource edited = policy().get();
    JsonMaps.map(JsonMaps.map(edited, "spec"), "placement")
        .put("replicaScheduling", Map.of("replicaSchedulingType", "Divided"));
    client
        .genericKubernetesResources(PolicyKind.PROPAGATION_POLICY.context())
        .inNamespace("shop")
        .resource(edited)
        .update();
    WatchedCopies.awaitCurrent(actuator, "shop/web", policy().get());

    actuator.loop().correct(actuator.target("shop/web").orElseThrow());

    ActuationResult corrected =
        awaitResult(
            r -> r.commandId().equals(applied.commandId()) && r.detail().startsWith("drift"), 1);
    assertEquals(ActuationOutcome.APPLIED, corrected.outcome());
    assertEquals(yaml(WIDENED), placement());
    assertEquals(
        json(yaml(ORIGINAL)),
        policy()
            .get()
            .getMetadata()
            .getAnnotations()
            .get(PlacementPlan.ORIGINAL_PLACEMENT_ANNOTATION),
        "the saved original is still the user's own");
  }

  @Test
  void aRecordThatIsNotACommand_goesToTheDeadLetterTopic() {
    String key = "broken-" + UUID.randomUUID();
    topics.sendRaw(Topics.COMMANDS, key, "{not an event");

    ConsumerRecord<String, String> dead =
        topics
            .awaitRecord(
                List.of(Topics.dlq(Topics.COMMANDS)),
                new StringDeserializer(),
                r -> key.equals(r.key()),
                Duration.ofSeconds(60))
            .orElseThrow(() -> new AssertionError("the record never reached the DLQ"));

    assertEquals("{not an event", dead.value());
    assertEquals(ActuationOutcome.APPLIED, send(Placement.GKE, false).outcome(), "it goes on");
  }

  @Test
  void reportsItsHealthIncludingTheKafkaConnectors() {
    // Ready once the commands topic was read, which happens in the background after start-up.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .when()
                    .get("/q/health")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("UP"))
                    .body("checks.name", hasItem("karmada-actuator command history read"))
                    .body("checks.name", hasItem("Kafka reachable")));
  }

  private ActuationResult send(Placement placement, boolean dryRun) {
    return send(command(placement, dryRun));
  }

  /** Sends the command and returns its result (its n-th, if it was sent n times). */
  private ActuationResult send(Command command) {
    int n = sent.merge(command.commandId(), 1, Integer::sum);
    topics.send(Event.of("/failover-decider/test", command));
    return awaitResult(
        r ->
            r.commandId().equals(command.commandId())
                && !r.detail().startsWith("drift")
                && !r.detail().startsWith("applied on"),
        n);
  }

  /** Waits for the n-th result that matches. */
  private ActuationResult awaitResult(Predicate<ActuationResult> match, int n) {
    List<ActuationResult> matching =
        topics
            .readUntil(
                List.of(Topics.RESULTS),
                new EventDeserializer(),
                read -> read.stream().map(KarmadaActuatorTest::result).filter(match).count() >= n,
                Duration.ofSeconds(60))
            .stream()
            .map(KarmadaActuatorTest::result)
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

  private static Command command(Placement placement, boolean dryRun) {
    return command("shop/web", placement, dryRun);
  }

  private static Command command(String service, Placement placement, boolean dryRun) {
    long epoch = EPOCHS.incrementAndGet();
    return new Command(
        UUID.randomUUID().toString(),
        service,
        epoch,
        placement == Placement.GKE ? Mode.FAILING_OVER : Mode.PRIMARY,
        Routing.allDesktop(),
        placement,
        "test",
        List.of(),
        dryRun,
        Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  @Test
  void theStartUpRehearsal_reachesThePlanAndWritesNothing() {
    String version = policy().get().getMetadata().getResourceVersion();

    assertEquals(
        actuator.targets().size(), actuator.loop().rehearse(), "rehearsed against every policy");

    assertEquals(version, policy().get().getMetadata().getResourceVersion(), "no write");
    assertFalse(
        Ownership.annotations(policy().get())
            .containsKey(PlacementPlan.ORIGINAL_PLACEMENT_ANNOTATION),
        "the original placement is not even saved");
  }

  @Test
  void aLazyPolicy_isRefusedWithTheReasonFirst() {
    policy()
        .edit(
            p -> {
              JsonMaps.map(p, "spec").put("activationPreference", "Lazy");
              return p;
            });

    ActuationResult result = send(Placement.GKE, false);

    assertEquals(ActuationOutcome.REFUSED, result.outcome());
    assertTrue(
        result
            .detail()
            .startsWith(
                "policy.karmada.io/v1alpha1 PropagationPolicy shop/web:"
                    + " spec.activationPreference is Lazy"),
        result.detail());
    assertEquals(yaml(ORIGINAL), placement(), "nothing was written");
  }

  @Test
  void aWorkloadBoundToAnotherPolicy_isReportedAtOnceWithoutARebalancer() {
    policy().delete();
    createPolicy("hybrid-failover.io/managed: 'true', " + PERMANENT_ID + ": ours", ORIGINAL);
    bindingLabelled(PERMANENT_ID, "theirs");
    WatchedCopies.awaitCurrent(actuator, "shop/web", policy().get());

    ActuationResult result = send(Placement.GKE, false);

    assertEquals(ActuationOutcome.APPLIED, result.outcome());
    assertTrue(
        result.detail().contains("NOT CARRIED OUT: the workload is bound to another policy"),
        result.detail());
    assertEquals(List.of(), rebalancers());
  }

  @Test
  void failbackToAnAggregatedPlacement_createsARebalancerAndWaitsForTheReschedule() {
    policy().delete();
    createPolicy("hybrid-failover.io/managed: 'true'", AGGREGATED);
    binding(WIDENED_AGGREGATED, BOTH_FULL);
    WatchedCopies.awaitCurrent(actuator, "shop/web", policy().get());
    send(Placement.GKE, false);
    binding(AGGREGATED, WEIGHTED);
    bindingStatus("lastScheduledTime", "2099-01-01T00:00:00Z");

    ActuationResult result = send(Placement.PRIMARY, false);

    assertEquals(ActuationOutcome.APPLIED, result.outcome());
    String name = "shop-web-" + result.epoch();
    assertTrue(
        result.detail().contains("WorkloadRebalancer " + name + " created, rescheduled at 2099"),
        result.detail());
    assertTrue(result.detail().contains("FullyApplied not reported"), result.detail());
    assertEquals(1, rebalancers().size());
  }

  @Test
  void failbackWhoseRebalancerDoesNotReschedule_saysSoAfterTheTimeout() {
    policy().delete();
    createPolicy("hybrid-failover.io/managed: 'true'", AGGREGATED);
    binding(WIDENED_AGGREGATED, BOTH_FULL);
    WatchedCopies.awaitCurrent(actuator, "shop/web", policy().get());
    send(Placement.GKE, false);
    binding(AGGREGATED, WEIGHTED);
    bindingStatus("lastScheduledTime", "2020-01-01T00:00:00Z");

    ActuationResult result = send(Placement.PRIMARY, false);

    assertTrue(
        result.detail().contains("binding not rescheduled by WorkloadRebalancer shop-web-"),
        result.detail());
    assertTrue(result.detail().contains("is before the rebalancer's creation"), result.detail());
  }

  @Test
  void aKarmadaWithoutWorkloadRebalancers_isNamed() {
    server
        .expect()
        .post()
        .withPath("/apis/apps.karmada.io/v1alpha1/workloadrebalancers")
        .andReturn(404, status(404, "the server could not find the requested resource"))
        .once();
    binding(ORIGINAL, WEIGHTED);

    ActuationResult result = send(Placement.GKE, false);

    assertTrue(
        result.detail().contains("WorkloadRebalancer needs Karmada 1.10 or later"),
        result.detail());
  }

  private static final String WIDENED_AGGREGATED =
      """
      clusterAffinity:
        clusterNames: [desktop, gke]
      replicaScheduling:
        replicaSchedulingType: Duplicated
      """;

  private static final String PERMANENT_ID = "propagationpolicy.karmada.io/permanent-id";

  /** The user's placement divided Aggregated: Karmada's Steady mode on a reschedule. */
  private static final String AGGREGATED =
      """
      clusterAffinity:
        clusterNames: [desktop, gke]
      replicaScheduling:
        replicaSchedulingType: Divided
        replicaDivisionPreference: Aggregated
      """;

  private void bindingLabelled(String key, String value) {
    client
        .genericKubernetesResources(BindingConfirmer.BINDINGS)
        .inNamespace("shop")
        .withName("web-deployment")
        .edit(
            b -> {
              b.getMetadata().setLabels(Map.of(key, value));
              return b;
            });
  }

  private void bindingStatus(String key, Object value) {
    client
        .genericKubernetesResources(BindingConfirmer.BINDINGS)
        .inNamespace("shop")
        .withName("web-deployment")
        .edit(
            b -> {
              JsonMaps.map(b, "status").put(key, value);
              return b;
            });
  }

  private Resource<GenericKubernetesResource> policy() {
    return client
        .genericKubernetesResources(PolicyKind.PROPAGATION_POLICY.context())
        .inNamespace("shop")
        .withName("web");
  }

  private void createPolicy(String labels, String placement) {
    createPolicy(labels, placement, "");
  }

  private void createPolicy(String labels, String placement, String annotations) {
    client
        .genericKubernetesResources(PolicyKind.PROPAGATION_POLICY.context())
        .inNamespace("shop")
        .resource(
            YAML.unmarshal(
                """
                apiVersion: policy.karmada.io/v1alpha1
                kind: PropagationPolicy
                metadata:
                  name: web
                  namespace: shop
                  labels: {%s}
                  annotations: {%s}
                spec:
                  resourceSelectors:
                  - {apiVersion: apps/v1, kind: Deployment, name: web}
                  placement:
                %s
                """
                    .formatted(labels, annotations, placement.indent(4)),
                GenericKubernetesResource.class))
        .create();
  }

  /** Puts the binding of Deployment shop/web in the state Karmada's scheduler left it in. */
  private void binding(String placement, String clusters) {
    bindingFor("web-deployment", json(yaml(placement)), clusters);
  }

  private void bindingFor(String name, String placement, String clusters) {
    ResourceDefinitionContext bindings = BindingConfirmer.BINDINGS;
    client.genericKubernetesResources(bindings).inNamespace("shop").withName(name).delete();
    client
        .genericKubernetesResources(bindings)
        .inNamespace("shop")
        .resource(
            YAML.unmarshal(
                """
                apiVersion: work.karmada.io/v1alpha2
                kind: ResourceBinding
                metadata: {name: %s, namespace: shop}
                spec:
                  resource: {apiVersion: apps/v1, kind: Deployment, name: %s, namespace: shop}
                  replicas: 3
                  placement: %s
                  clusters: %s
                status:
                  conditions:
                  - {type: Scheduled, status: 'True', reason: Success}
                """
                    .formatted(name, name.replace("-deployment", ""), placement, clusters),
                GenericKubernetesResource.class))
        .create();
  }

  private List<GenericKubernetesResource> rebalancers() {
    return client.genericKubernetesResources(WorkloadRebalancers.REBALANCERS).list().getItems();
  }

  private Object placement() {
    return PlacementPlan.placementOf(policy().get());
  }

  private static Object yaml(String yaml) {
    return YAML.unmarshal(yaml, Object.class);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String status(int code, String message) {
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":"
        + code
        + ",\"message\":\""
        + message
        + "\"}";
  }
}
