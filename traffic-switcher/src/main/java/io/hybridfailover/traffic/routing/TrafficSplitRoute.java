package io.hybridfailover.traffic.routing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.hybridfailover.actuation.JsonMaps;
import io.hybridfailover.actuation.Ownership;
import io.hybridfailover.events.Routing;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SMI {@code TrafficSplit} (linkerd-smi): {@code spec.backends[].service} and {@code weight}. */
final class TrafficSplitRoute implements WeightedRoute {

  /** The label linkerd-failover puts on the TrafficSplits it drives. */
  static final String LINKERD_FAILOVER_LABEL = "failover.linkerd.io/controlled-by";

  private static final ResourceDefinitionContext DEFINITION =
      new ResourceDefinitionContext.Builder()
          .withGroup("split.smi-spec.io")
          .withVersion("v1alpha2")
          .withKind("TrafficSplit")
          .withPlural("trafficsplits")
          .withNamespaced(true)
          .build();

  @Override
  public ResourceDefinitionContext definition() {
    return DEFINITION;
  }

  @Override
  public Optional<String> refusal(GenericKubernetesResource object, RoutingTarget target) {
    String controller = Ownership.labels(object).get(LINKERD_FAILOVER_LABEL);
    if (controller != null) {
      return Optional.of(
          describe(target)
              + " is controlled by linkerd-failover (label "
              + LINKERD_FAILOVER_LABEL
              + "="
              + controller
              + "); two controllers would fight over its weights. To hand it over, remove that"
              + " label (linkerd-failover then leaves it alone) and keep "
              + Ownership.MANAGED_LABEL
              + "=\"true\"");
    }
    List<Map<String, Object>> backends = JsonMaps.list(JsonMaps.map(object, "spec"), "backends");
    for (String backend : List.of(target.desktopBackend(), target.gkeBackend())) {
      if (find(backends, backend).isEmpty()) {
        return Optional.of(
            describe(target) + ": spec.backends has no backend with service \"" + backend + "\"");
      }
    }
    return Optional.empty();
  }

  @Override
  public String weights(GenericKubernetesResource object, RoutingTarget target) {
    List<Map<String, Object>> backends = JsonMaps.list(JsonMaps.map(object, "spec"), "backends");
    return Weights.describe(
        find(backends, target.desktopBackend()), find(backends, target.gkeBackend()), target);
  }

  @Override
  public void setWeights(GenericKubernetesResource object, RoutingTarget target, Routing routing) {
    List<Map<String, Object>> backends = JsonMaps.list(JsonMaps.map(object, "spec"), "backends");
    find(backends, target.desktopBackend()).orElseThrow().put("weight", routing.desktop());
    find(backends, target.gkeBackend()).orElseThrow().put("weight", routing.gke());
  }

  private static Optional<Map<String, Object>> find(
      List<Map<String, Object>> backends, String service) {
    return backends.stream().filter(b -> service.equals(b.get("service"))).findFirst();
  }
}
