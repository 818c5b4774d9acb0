package io.hybridfailover.traffic.routing;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.hybridfailover.actuation.Target;
import io.hybridfailover.catalog.RoutingBlock;

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
    String gkeBackend)
    implements Target {

  /** From the service's {@code routing} block of the catalog. */
  public static RoutingTarget of(RoutingBlock block) {
    return new RoutingTarget(
        block.service(),
        RouteKind.valueOf(block.kind().name()),
        block.namespace(),
        block.name(),
        block.desktopBackend(),
        block.gkeBackend());
  }

  /** The kinds of object the switcher can route with, as the catalog names them. */
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

  @Override
  public ResourceDefinitionContext definition() {
    return route().definition();
  }
}
