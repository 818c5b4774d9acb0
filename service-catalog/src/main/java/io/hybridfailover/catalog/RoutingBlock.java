package io.hybridfailover.catalog;

import org.eclipse.microprofile.config.spi.Converter;

/**
 * The traffic-switcher's routing object of one managed service, defaults filled in.
 *
 * @param service the managed service id, {@code <namespace>/<name>}
 * @param namespace where the object lives
 * @param name the object's name
 * @param desktopBackend the backend that reaches the desktop copy (e.g. {@code web-desktop})
 * @param gkeBackend the backend that reaches the GKE copy (e.g. {@code web})
 */
public record RoutingBlock(
    String service,
    Kind kind,
    String namespace,
    String name,
    String desktopBackend,
    String gkeBackend) {

  /** The kinds of object the switcher routes with. */
  public enum Kind {
    TRAFFIC_SPLIT("TrafficSplit"),
    HTTP_ROUTE("HTTPRoute");

    private final String kind;

    Kind(String kind) {
      this.kind = kind;
    }

    /** As written in the catalog and in the object's {@code kind}. */
    public String kind() {
      return kind;
    }
  }

  /** {@code TrafficSplit} or {@code HTTPRoute}, as Kubernetes spells them. */
  public static final class KindConverter implements Converter<Kind> {
    private static final long serialVersionUID = 1L;

    @Override
    public Kind convert(String value) {
      return NamedKinds.parse(value, Kind.values(), Kind::kind);
    }
  }
}
