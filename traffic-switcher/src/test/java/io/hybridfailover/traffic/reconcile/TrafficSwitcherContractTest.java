package io.hybridfailover.traffic.reconcile;

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
import io.hybridfailover.traffic.routing.RoutingTarget.RouteKind;
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
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The shared actuator contract, for the traffic-switcher and its TrafficSplits shop/web and
 * shop/stuck.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaTestResource.class)
@WithKubernetesTestServer(crud = true)
class TrafficSwitcherContractTest extends ActuatorContract {

  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  EmbeddedKafka kafka;

  @KubernetesTestServer KubernetesServer server;

  @Inject KubernetesClient client;
  @Inject Scheduler scheduler;
  @Inject ActuationConfig config;
  @Inject TrafficSwitcher switcher;

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
    return switcher;
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
    return RouteKind.TRAFFIC_SPLIT.route().definition();
  }

  @Override
  protected void create(String name, Map<String, String> labels) {
    GenericKubernetesResource split =
        YAML.unmarshal(
            """
            apiVersion: split.smi-spec.io/v1alpha2
            kind: TrafficSplit
            metadata: {name: %1$s, namespace: shop}
            spec:
              service: %1$s
              backends:
              - {service: %1$s, weight: 0}
              - {service: %1$s-desktop, weight: 100}
            """
                .formatted(name),
            GenericKubernetesResource.class);
    split.getMetadata().setLabels(labels);
    client.genericKubernetesResources(kind()).inNamespace("shop").resource(split).create();
  }

  /** The weights by backend. */
  @Override
  protected Object state() {
    return backends(object().get()).stream()
        .collect(
            Collectors.toMap(
                b -> (String) b.get("service"),
                b -> ((Number) b.get("weight")).intValue(),
                (a, b) -> a,
                TreeMap::new));
  }

  @Override
  protected String handToAnotherController() {
    GenericKubernetesResource split = object().get();
    split.getMetadata().getLabels().put("failover.linkerd.io/controlled-by", "linkerd-failover");
    client.genericKubernetesResources(kind()).inNamespace("shop").resource(split).update();
    return "linkerd-failover";
  }

  @Override
  protected void editAsAUser() {
    GenericKubernetesResource split = object().get();
    backends(split).forEach(backend -> backend.put("weight", 50));
    client.genericKubernetesResources(kind()).inNamespace("shop").resource(split).update();
  }

  private static List<Map<String, Object>> backends(GenericKubernetesResource split) {
    return JsonMaps.list(JsonMaps.map(split, "spec"), "backends");
  }
}
