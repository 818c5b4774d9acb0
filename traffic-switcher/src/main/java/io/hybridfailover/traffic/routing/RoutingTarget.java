package io.hybridfailover.traffic.routing;

/**
 * The object that routes one managed service, and which of its backends is which copy.
 *
 * @param service the managed service id, {@code <namespace>/<name>}
 * @param kind {@code TrafficSplit} or {@code HTTPRoute}
 * @param namespace where the object lives
 * @param name the object's name
 * @param desktopBackend the backend that reaches the desktop copy (the mirrored Service, e.g.
 *     {@code web-desktop})
 * @param gkeBackend the backend that reaches the GKE copy (e.g. {@code web})
 */
public record RoutingTarget(
    String service,
    RouteKind kind,
    String namespace,
    String name,
    String desktopBackend,
    String gkeBackend) {

  /** The kinds of object the switcher can route with. */
  public enum RouteKind {
    TRAFFIC_SPLIT(new TrafficSplitRoute()),
    HTTP_ROUTE(new HttpRouteRoute());

    private final WeightedRoute route;

    RouteKind(WeightedRoute route) {
      this.route = route;
    }

    public WeightedRoute route() {
      return route;
    }
  }

  public WeightedRoute route() {
    return kind.route();
  }
}
