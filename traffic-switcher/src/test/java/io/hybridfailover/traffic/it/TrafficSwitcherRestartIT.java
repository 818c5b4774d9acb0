package io.hybridfailover.traffic.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.hybridfailover.actuation.it.ActuatorRestartScenarios;
import io.hybridfailover.traffic.routing.RoutingTarget.RouteKind;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The traffic-switcher as it runs in production, the packaged application, killed and started again
 * (the scenarios are in {@link ActuatorRestartScenarios}): the object it keeps is a TrafficSplit,
 * and a command sets the weights of its backends.
 */
class TrafficSwitcherRestartIT extends ActuatorRestartScenarios {

  TrafficSwitcherRestartIT() {
    super("traffic-switcher", RouteKind.TRAFFIC_SPLIT.route().definition());
  }

  @Override
  protected List<String> serviceSettings() {
    return List.of(
        "hybrid.services.\"shop/web\".desktop.url=http://web-desktop.shop/healthz",
        "hybrid.services.\"shop/web\".gke.url=http://web.shop/healthz",
        "hybrid.services.\"shop/web\".routing.kind=TrafficSplit");
  }

  @Override
  protected String spec() {
    return """
        service: web
        backends:
        - service: web
          weight: 0
        - service: web-desktop
          weight: 100
        """;
  }

  @Override
  protected void assertBackOnTheDesktop(GenericKubernetesResource split) {
    assertEquals(Map.of("web", 75, "web-desktop", 25), weights(split));
  }

  @Override
  protected void assertFailedOverToGke(GenericKubernetesResource split) {
    assertEquals(Map.of("web", 100, "web-desktop", 0), weights(split));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Integer> weights(GenericKubernetesResource split) {
    Map<String, Integer> weights = new TreeMap<>();
    Map<String, Object> spec = (Map<String, Object>) split.getAdditionalProperties().get("spec");
    for (Map<String, Object> backend : (List<Map<String, Object>>) spec.get("backends")) {
      weights.put((String) backend.get("service"), ((Number) backend.get("weight")).intValue());
    }
    return weights;
  }
}
