package io.hybridfailover.traffic.routing;

import java.util.Map;
import java.util.Optional;

/** How results show the two backends' weights: {@code web-desktop=0 web=100}. */
final class Weights {

  private Weights() {}

  /** A missing backend or weight shows as {@code ?}. */
  static String describe(
      Optional<Map<String, Object>> desktop,
      Optional<Map<String, Object>> gke,
      RoutingTarget target) {
    return target.desktopBackend()
        + "="
        + desktop.map(b -> b.get("weight")).map(String::valueOf).orElse("?")
        + " "
        + target.gkeBackend()
        + "="
        + gke.map(b -> b.get("weight")).map(String::valueOf).orElse("?");
  }
}
