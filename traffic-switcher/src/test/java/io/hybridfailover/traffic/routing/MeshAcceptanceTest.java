package io.hybridfailover.traffic.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hybridfailover.actuation.Plan;
import io.hybridfailover.events.Routing;
import io.hybridfailover.traffic.routing.MeshAcceptance.Verdict;
import java.util.Optional;
import org.junit.jupiter.api.Test;

public class MeshAcceptanceTest {

  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final String LINKERD = MeshAcceptance.LINKERD_POLICY_CONTROLLER;

  private static final String GAMMA =
      """
      apiVersion: gateway.networking.k8s.io/v1
      kind: HTTPRoute
      metadata:
        name: web
        namespace: shop
        labels: {hybrid-failover.io/managed: 'true'}
      spec:
        parentRefs: [{group: core, kind: Service, name: web, port: 80}]
        rules:
        - backendRefs:
          - {name: web, port: 80, weight: 0}
          - {name: web-desktop, port: 80, weight: 100}
      """;

  /** The GAMMA route of the tests, with {@code status} (YAML) appended. */
  public static GenericKubernetesResource route(String status) {
    return YAML.unmarshal(GAMMA + status, GenericKubernetesResource.class);
  }

  /** A {@code status} block: one parent, signed by {@code controller}. */
  public static String parentStatus(String controller, String accepted, String resolved) {
    return """
        status:
          parents:
          - parentRef: {group: core, kind: Service, name: web, port: 80}
            controllerName: %s
            conditions:
            - {type: Accepted, status: '%s', reason: Accepted, message: ''}
            - {type: ResolvedRefs, status: '%s', reason: BackendNotFound, message: 'web-desktop missing'}
        """
        .formatted(controller, accepted, resolved);
  }

  @Test
  void acceptedByTheMeshController_isApplied() {
    Verdict verdict =
        MeshAcceptance.of(route(parentStatus(LINKERD, "True", "True")), LINKERD, Optional.empty());

    assertTrue(verdict.applied(), verdict.reason());
    assertEquals("Accepted by linkerd.io/policy-controller", verdict.reason());
  }

  @Test
  void notAccepted_isNotApplied() {
    Verdict verdict =
        MeshAcceptance.of(route(parentStatus(LINKERD, "False", "True")), LINKERD, Optional.empty());

    assertFalse(verdict.applied());
    assertTrue(verdict.reason().startsWith("not Accepted by " + LINKERD), verdict.reason());
  }

  @Test
  void unresolvedBackends_areNotApplied() {
    Verdict verdict =
        MeshAcceptance.of(route(parentStatus(LINKERD, "True", "False")), LINKERD, Optional.empty());

    assertFalse(verdict.applied());
    assertTrue(verdict.reason().contains("ResolvedRefs False"), verdict.reason());
    assertTrue(verdict.reason().contains("web-desktop missing"), verdict.reason());
  }

  @Test
  void noStatus_isNotApplied() {
    Verdict verdict = MeshAcceptance.of(route(""), LINKERD, Optional.empty());

    assertFalse(verdict.applied());
    assertTrue(verdict.reason().contains("no entry from " + LINKERD), verdict.reason());
  }

  @Test
  void acceptedByAnotherController_doesNotCount() {
    Verdict verdict =
        MeshAcceptance.of(
            route(parentStatus("example.com/gateway", "True", "True")), LINKERD, Optional.empty());

    assertFalse(verdict.applied());
  }

  @Test
  void aServiceProfileForTheParent_shadowsEvenAnAcceptedRoute() {
    Verdict verdict =
        MeshAcceptance.of(
            route(parentStatus(LINKERD, "True", "True")),
            LINKERD,
            Optional.of("shop/web.shop.svc.cluster.local"));

    assertFalse(verdict.applied());
    assertTrue(
        verdict.reason().startsWith("ServiceProfile shop/web.shop.svc.cluster.local"),
        verdict.reason());
  }

  @Test
  void aGatewayParent_isNeverApplied() {
    GenericKubernetesResource route =
        YAML.unmarshal(
            GAMMA.replace(
                "[{group: core, kind: Service, name: web, port: 80}]",
                "[{name: external, namespace: gateway}]"),
            GenericKubernetesResource.class);

    Verdict verdict = MeshAcceptance.of(route, LINKERD, Optional.empty());

    assertFalse(verdict.applied());
    assertTrue(verdict.reason().startsWith("no parentRef is a Service"), verdict.reason());
  }

  @Test
  void aResultsDetail_saysTheMeshDoesNotApplyTheRoute() {
    RoutingPlan plan =
        new RoutingPlan(LINKERD, target -> Optional.of("shop/web.shop.svc.cluster.local"));

    Plan applied =
        Plan.of(
            route(parentStatus(LINKERD, "True", "True")),
            RoutingPlanTest.ROUTE,
            Routing.allGke(),
            3,
            "cmd-3",
            plan);

    assertTrue(
        applied.detail().startsWith("weights web-desktop=0 web=100 (were web-desktop=100 web=0)"),
        applied.detail());
    assertTrue(
        applied.detail().contains("; THE MESH DOES NOT APPLY THIS ROUTE: ServiceProfile"),
        applied.detail());
  }
}
