package io.hybridfailover.traffic.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hybridfailover.actuation.JsonMaps;
import io.hybridfailover.actuation.Ownership;
import io.hybridfailover.actuation.Plan;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.Routing;
import io.hybridfailover.traffic.routing.RoutingTarget.RouteKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingPlanTest {

  static final RoutingTarget SPLIT =
      new RoutingTarget("shop/web", RouteKind.TRAFFIC_SPLIT, "shop", "web", "web-desktop", "web");
  static final RoutingTarget ROUTE =
      new RoutingTarget("shop/web", RouteKind.HTTP_ROUTE, "shop", "web", "web-desktop", "web");

  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  static GenericKubernetesResource trafficSplit(String labels, String annotations) {
    return YAML.unmarshal(
        """
        apiVersion: split.smi-spec.io/v1alpha2
        kind: TrafficSplit
        metadata:
          name: web
          namespace: shop
          resourceVersion: "7"
          labels: {%s}
          annotations: {%s}
        spec:
          service: web
          backends:
          - service: web
            weight: 0
          - service: web-desktop
            weight: 100
          - service: web-canary
            weight: 5
        """
            .formatted(labels, annotations),
        GenericKubernetesResource.class);
  }

  static GenericKubernetesResource managedSplit() {
    return trafficSplit("hybrid-failover.io/managed: 'true'", "");
  }

  @Test
  void apply_setsBothBackendsWeightsStampsTheEpochAndLeavesTheRestAlone() {
    Plan plan = Plan.of(managedSplit(), SPLIT, Routing.allGke(), 12, "cmd-12", RoutingPlan.DESIRED);

    assertEquals(ActuationOutcome.APPLIED, plan.outcome());
    assertEquals("weights web-desktop=0 web=100 (were web-desktop=100 web=0)", plan.detail());
    List<Map<String, Object>> backends =
        JsonMaps.list(JsonMaps.map(plan.desired(), "spec"), "backends");
    assertEquals(100, backends.get(0).get("weight"));
    assertEquals(0, backends.get(1).get("weight"));
    assertEquals(5, backends.get(2).get("weight"), "other backends are left alone");
    assertEquals("web", JsonMaps.map(plan.desired(), "spec").get("service"));
    Map<String, String> annotations = plan.desired().getMetadata().getAnnotations();
    assertEquals("12", annotations.get(Ownership.EPOCH_ANNOTATION));
    assertEquals("cmd-12", annotations.get(Ownership.COMMAND_ID_ANNOTATION));
    assertEquals("desktop=0,gke=100", annotations.get(RoutingAnnotation.ROUTING_ANNOTATION));
    assertEquals("7", plan.desired().getMetadata().getResourceVersion(), "optimistic lock kept");
  }

  @Test
  void applyAgain_isUnchangedAndWritesNothing() {
    GenericKubernetesResource applied =
        Plan.of(managedSplit(), SPLIT, Routing.allGke(), 12, "cmd-12", RoutingPlan.DESIRED)
            .desired();

    Plan again = Plan.of(applied, SPLIT, Routing.allGke(), 12, "cmd-12", RoutingPlan.DESIRED);

    assertEquals(ActuationOutcome.UNCHANGED, again.outcome());
    assertTrue(again.write().isEmpty());
  }

  @Test
  void aNewerEpochWithTheSameWeights_isUnchangedButAdvancesTheFence() {
    GenericKubernetesResource applied =
        Plan.of(managedSplit(), SPLIT, Routing.allGke(), 12, "cmd-12", RoutingPlan.DESIRED)
            .desired();

    Plan next = Plan.of(applied, SPLIT, Routing.allGke(), 13, "cmd-13", RoutingPlan.DESIRED);

    assertEquals(ActuationOutcome.UNCHANGED, next.outcome());
    assertEquals(
        "13", next.desired().getMetadata().getAnnotations().get(Ownership.EPOCH_ANNOTATION));
  }

  @Test
  void anOlderEpochThanTheObjectCarries_isStaleAndWritesNothing() {
    GenericKubernetesResource split =
        trafficSplit("hybrid-failover.io/managed: 'true'", "hybrid-failover.io/epoch: '13'");

    Plan plan = Plan.of(split, SPLIT, Routing.allDesktop(), 12, "cmd-12", RoutingPlan.DESIRED);

    assertEquals(ActuationOutcome.STALE, plan.outcome());
    assertTrue(plan.detail().contains("carries epoch 13, newer than 12"), plan.detail());
    assertNull(plan.desired());
  }

  @Test
  void anObjectWithoutTheOptInLabel_isRefusedNamingTheLabel() {
    Plan plan =
        Plan.of(trafficSplit("", ""), SPLIT, Routing.allGke(), 1, "cmd-1", RoutingPlan.DESIRED);

    assertEquals(ActuationOutcome.REFUSED, plan.outcome());
    assertTrue(plan.detail().contains("hybrid-failover.io/managed=\"true\""), plan.detail());
    assertNull(plan.desired());
  }

  @Test
  void aTrafficSplitThatLinkerdFailoverControls_isRefusedSayingHowToHandItOver() {
    GenericKubernetesResource split =
        trafficSplit(
            "hybrid-failover.io/managed: 'true', failover.linkerd.io/controlled-by: linkerd-failover",
            "");

    Plan plan = Plan.of(split, SPLIT, Routing.allGke(), 1, "cmd-1", RoutingPlan.DESIRED);

    assertEquals(ActuationOutcome.REFUSED, plan.outcome());
    assertTrue(plan.detail().contains("controlled by linkerd-failover"), plan.detail());
    assertTrue(plan.detail().contains("remove that label"), plan.detail());
  }

  @Test
  void aTrafficSplitWithoutTheConfiguredBackend_isRefusedNamingTheField() {
    RoutingTarget other =
        new RoutingTarget("shop/web", RouteKind.TRAFFIC_SPLIT, "shop", "web", "web-home", "web");

    Plan plan = Plan.of(managedSplit(), other, Routing.allGke(), 1, "cmd-1", RoutingPlan.DESIRED);

    assertEquals(ActuationOutcome.REFUSED, plan.outcome());
    assertTrue(plan.detail().contains("spec.backends has no backend with service \"web-home\""));
  }

  @Test
  void aMissingObject_isRefused() {
    Plan plan = Plan.of(null, SPLIT, Routing.allGke(), 1, "cmd-1", RoutingPlan.DESIRED);

    assertEquals(ActuationOutcome.REFUSED, plan.outcome());
    assertTrue(plan.detail().endsWith("does not exist"), plan.detail());
  }

  @Test
  void anHttpRoute_getsTheWeightsInEveryRuleThatSplitsBetweenTheCopiesOnly() {
    GenericKubernetesResource route =
        YAML.unmarshal(
            """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata:
              name: web
              namespace: shop
              labels: {hybrid-failover.io/managed: 'true'}
            spec:
              parentRefs: [{name: public}]
              rules:
              - matches: [{path: {type: PathPrefix, value: /}}]
                backendRefs:
                - {name: web-desktop, port: 80, weight: 100}
                - {name: web, port: 80, weight: 0}
              - matches: [{path: {type: PathPrefix, value: /static}}]
                backendRefs:
                - {name: cdn, port: 80, weight: 1}
            """,
            GenericKubernetesResource.class);

    Plan plan = Plan.of(route, ROUTE, Routing.desktop(25), 3, "cmd-3", RoutingPlan.DESIRED);

    assertEquals(ActuationOutcome.APPLIED, plan.outcome());
    List<Map<String, Object>> rules = JsonMaps.list(JsonMaps.map(plan.desired(), "spec"), "rules");
    List<Map<String, Object>> split = JsonMaps.list(rules.get(0), "backendRefs");
    assertEquals(25, split.get(0).get("weight"));
    assertEquals(75, split.get(1).get("weight"));
    assertEquals(1, JsonMaps.list(rules.get(1), "backendRefs").get(0).get("weight"));
  }
}
