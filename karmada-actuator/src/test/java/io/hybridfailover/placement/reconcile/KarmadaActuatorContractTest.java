package io.hybridfailover.placement.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.MockServerExpectation;
import io.hybridfailover.actuation.ActuationConfig;
import io.hybridfailover.actuation.CatalogActuator;
import io.hybridfailover.actuation.JsonMaps;
import io.hybridfailover.actuation.contract.ActuatorContract;
import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import io.hybridfailover.kafka.embedded.EmbeddedKafkaTestResource;
import io.hybridfailover.placement.policy.PlacementPlan;
import io.hybridfailover.placement.policy.PlacementTarget.PolicyKind;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;

/**
 * The shared actuator contract, for the karmada-actuator and its PropagationPolicies shop/web and
 * shop/stuck. The ResourceBinding shows Karmada rescheduled for GKE, so that a placement change
 * confirms at once; "another controller" is the one Karmada's own cluster-affinity groups stand
 * for: a shape whose placement no single change can widen safely.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithKubernetesTestServer(crud = true)
class KarmadaActuatorContractTest extends ActuatorContract {

  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final ObjectMapper JSON = new ObjectMapper();

  EmbeddedKafka kafka;

  @KubernetesTestServer KubernetesServer server;

  @Inject KubernetesClient client;
  @Inject Scheduler scheduler;
  @Inject ActuationConfig config;
  @Inject KarmadaActuator actuator;

  @BeforeEach
  void rescheduledBindings() throws Exception {
    rescheduledBinding("web");
    rescheduledBinding("stuck");
  }

  private void rescheduledBinding(String deployment) throws Exception {
    ResourceDefinitionContext bindings = BindingConfirmer.BINDINGS;
    client
        .genericKubernetesResources(bindings)
        .inNamespace("shop")
        .withName(deployment + "-deployment")
        .delete();
    Object widened =
        YAML.unmarshal(
            """
            clusterAffinity: {clusterNames: [desktop, gke]}
            replicaScheduling: {replicaSchedulingType: Duplicated}
            """,
            Object.class);
    client
        .genericKubernetesResources(bindings)
        .inNamespace("shop")
        .resource(
            YAML.unmarshal(
                """
                apiVersion: work.karmada.io/v1alpha2
                kind: ResourceBinding
                metadata: {name: %1$s-deployment, namespace: shop}
                spec:
                  resource: {apiVersion: apps/v1, kind: Deployment, name: %1$s, namespace: shop}
                  replicas: 3
                  placement: %2$s
                  clusters: [{name: desktop, replicas: 3}, {name: gke, replicas: 3}]
                status:
                  conditions:
                  - {type: Scheduled, status: 'True', reason: Success}
                """
                    .formatted(deployment, JSON.writeValueAsString(widened)),
                GenericKubernetesResource.class))
        .create();
  }

  @Override
  protected String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  @Override
  protected KubernetesClient client() {
    return client;
  }

  @Override
  protected MockServerExpectation expect() {
    return server.expect();
  }

  @Override
  protected KubernetesMockServer mockServer() {
    return server.getKubernetesMockServer();
  }

  @Override
  protected CatalogActuator<?, ?> actuator() {
    return actuator;
  }

  @Override
  protected Scheduler scheduler() {
    return scheduler;
  }

  @Override
  protected Duration driftInterval() {
    return config.driftInterval();
  }

  @Override
  protected ResourceDefinitionContext kind() {
    return PolicyKind.PROPAGATION_POLICY.context();
  }

  @Override
  protected void create(String name, Map<String, String> labels) {
    GenericKubernetesResource policy =
        YAML.unmarshal(
            """
            apiVersion: policy.karmada.io/v1alpha1
            kind: PropagationPolicy
            metadata: {name: %1$s, namespace: shop}
            spec:
              resourceSelectors:
              - {apiVersion: apps/v1, kind: Deployment, name: %1$s}
              placement:
                clusterAffinity: {clusterNames: [desktop, gke]}
                replicaScheduling:
                  replicaSchedulingType: Divided
                  replicaDivisionPreference: Weighted
                  weightPreference:
                    staticWeightList:
                    - {targetCluster: {clusterNames: [desktop]}, weight: 10}
                    - {targetCluster: {clusterNames: [gke]}, weight: 1}
            """
                .formatted(name),
            GenericKubernetesResource.class);
    policy.getMetadata().setLabels(labels);
    client.genericKubernetesResources(kind()).inNamespace("shop").resource(policy).create();
  }

  /** The placement. */
  @Override
  protected Object state() {
    return PlacementPlan.placementOf(object().get());
  }

  @Override
  protected String handToAnotherController() {
    GenericKubernetesResource policy = object().get();
    JsonMaps.map(policy, "spec")
        .put(
            "placement",
            Map.of(
                "clusterAffinities",
                List.of(
                    Map.of("affinityName", "home", "clusterNames", List.of("desktop")),
                    Map.of("affinityName", "cloud", "clusterNames", List.of("gke")))));
    client.genericKubernetesResources(kind()).inNamespace("shop").resource(policy).update();
    return "clusterAffinities";
  }

  @Override
  protected void editAsAUser() {
    GenericKubernetesResource policy = object().get();
    JsonMaps.map(JsonMaps.map(policy, "spec"), "placement")
        .put("replicaScheduling", Map.of("replicaSchedulingType", "Divided"));
    client.genericKubernetesResources(kind()).inNamespace("shop").resource(policy).update();
  }
}
