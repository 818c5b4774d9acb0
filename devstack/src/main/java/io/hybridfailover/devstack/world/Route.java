package io.hybridfailover.devstack.world;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;

/**
 * The route of {@code shop/web} in the local world: a Gateway API {@code HTTPRoute} (the default,
 * what Linkerd recommends since it deprecated SMI) or linkerd-smi's {@code TrafficSplit}. The
 * traffic-switcher writes its weights; the synthetic user routes by them.
 */
public enum Route {
  HTTPROUTE("httproute", "HTTPRoute", KubeApiDouble.HTTP_ROUTES),
  TRAFFICSPLIT("trafficsplit", "TrafficSplit", KubeApiDouble.TRAFFIC_SPLITS);

  private final String option;
  private final String kind;
  private final ResourceDefinitionContext definition;

  Route(String option, String kind, ResourceDefinitionContext definition) {
    this.option = option;
    this.kind = kind;
    this.definition = definition;
  }

  /** As {@code ./demo --route} spells it. */
  public String option() {
    return option;
  }

  /** The kind, as the service catalog's {@code routing.kind} and the API name it. */
  public String kind() {
    return kind;
  }

  ResourceDefinitionContext definition() {
    return definition;
  }

  /** The seed file that creates it. */
  String seed() {
    return "/world/route-" + option + ".yaml";
  }

  /**
   * The weights of the desktop copy ({@code web-desktop}) and the GKE copy ({@code web}) in the
   * route's spec: a TrafficSplit's {@code backends}, or the first HTTPRoute rule whose {@code
   * backendRefs} name both.
   *
   * @return {desktop, gke}
   */
  int[] weights(Map<String, Object> spec) {
    return weights(spec, "web");
  }

  /**
   * As {@link #weights(Map)}, for the service whose GKE backend is {@code gkeBackend} and whose
   * desktop backend is {@code <gkeBackend>-desktop} (the catalog's defaults: the service's name).
   */
  @SuppressWarnings("unchecked")
  int[] weights(Map<String, Object> spec, String gkeBackend) {
    String desktopBackend = gkeBackend + "-desktop";
    List<Map<String, Object>> backends;
    String nameKey;
    if (this == TRAFFICSPLIT) {
      backends = (List<Map<String, Object>>) spec.get("backends");
      nameKey = "service";
    } else {
      backends = List.of();
      for (Map<String, Object> rule : (List<Map<String, Object>>) spec.get("rules")) {
        List<Map<String, Object>> refs = (List<Map<String, Object>>) rule.get("backendRefs");
        if (refs != null
            && refs.stream().anyMatch(r -> gkeBackend.equals(r.get("name")))
            && refs.stream().anyMatch(r -> desktopBackend.equals(r.get("name")))) {
          backends = refs;
          break;
        }
      }
      nameKey = "name";
    }
    int desktop = 0;
    int gke = 0;
    for (Map<String, Object> backend : backends) {
      Object weight = backend.get("weight");
      int value = weight == null ? 1 : ((Number) weight).intValue();
      if (desktopBackend.equals(backend.get(nameKey))) {
        desktop = value;
      } else if (gkeBackend.equals(backend.get(nameKey))) {
        gke = value;
      }
    }
    return new int[] {desktop, gke};
  }

  /** The route {@code ./demo --route} names. */
  public static Route ofOption(String option) {
    for (Route route : values()) {
      if (route.option.equals(option)) {
        return route;
      }
    }
    throw new IllegalArgumentException(
        "--route must be httproute (default) or trafficsplit, not " + option);
  }
}
