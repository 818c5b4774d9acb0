package io.hybridfailover.traffic.routing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.hybridfailover.actuation.JsonMaps;
import io.hybridfailover.events.Routing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gateway API {@code HTTPRoute}: {@code spec.rules[].backendRefs[].name} and {@code weight}. Every
 * rule that refers to both copies gets the weights; rules that do not are left alone.
 */
final class HttpRouteRoute implements WeightedRoute {

  private static final ResourceDefinitionContext DEFINITION =
      new ResourceDefinitionContext.Builder()
          .withGroup("gateway.networking.k8s.io")
          .withVersion("v1")
          .withKind("HTTPRoute")
          .withPlural("httproutes")
          .withNamespaced(true)
          .build();

  @Override
  public ResourceDefinitionContext definition() {
    return DEFINITION;
  }

  @Override
  public Optional<String> refusal(GenericKubernetesResource object, RoutingTarget target) {
    if (splittingRules(object, target).isEmpty()) {
      return Optional.of(
          describe(target)
              + ": no rule in spec.rules has backendRefs named both \""
              + target.desktopBackend()
              + "\" and \""
              + target.gkeBackend()
              + "\"");
    }
    return Optional.empty();
  }

  @Override
  public String weights(GenericKubernetesResource object, RoutingTarget target) {
    List<Map<String, Object>> refs = splittingRules(object, target).get(0);
    return Weights.describe(
        find(refs, target.desktopBackend()), find(refs, target.gkeBackend()), target);
  }

  @Override
  public void setWeights(GenericKubernetesResource object, RoutingTarget target, Routing routing) {
    for (List<Map<String, Object>> refs : splittingRules(object, target)) {
      find(refs, target.desktopBackend()).orElseThrow().put("weight", routing.desktop());
      find(refs, target.gkeBackend()).orElseThrow().put("weight", routing.gke());
    }
  }

  /** The backendRefs of each rule that refers to both copies. */
  private static List<List<Map<String, Object>>> splittingRules(
      GenericKubernetesResource object, RoutingTarget target) {
    List<List<Map<String, Object>>> splitting = new ArrayList<>();
    for (Map<String, Object> rule : JsonMaps.list(JsonMaps.map(object, "spec"), "rules")) {
      List<Map<String, Object>> refs = JsonMaps.list(rule, "backendRefs");
      if (find(refs, target.desktopBackend()).isPresent()
          && find(refs, target.gkeBackend()).isPresent()) {
        splitting.add(refs);
      }
    }
    return splitting;
  }

  private static Optional<Map<String, Object>> find(List<Map<String, Object>> refs, String name) {
    return refs.stream().filter(ref -> name.equals(ref.get("name"))).findFirst();
  }
}
