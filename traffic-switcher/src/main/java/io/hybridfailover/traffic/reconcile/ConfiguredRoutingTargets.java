package io.hybridfailover.traffic.reconcile;

import io.hybridfailover.traffic.routing.RoutingTarget;
import io.hybridfailover.traffic.routing.RoutingTarget.RouteKind;
import io.smallrye.config.SmallRyeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * The routing object of each managed service, from the shared service list:
 *
 * <pre>
 * hybrid.services."shop/web".routing.kind=TrafficSplit      # or HTTPRoute
 * hybrid.services."shop/web".routing.name=web               # default: the service's name
 * hybrid.services."shop/web".routing.namespace=shop         # default: the service's namespace
 * hybrid.services."shop/web".routing.desktop-backend=web-desktop   # default: &lt;name&gt;-desktop
 * hybrid.services."shop/web".routing.gke-backend=web        # default: &lt;name&gt;
 * </pre>
 *
 * A service without a {@code routing} block is not routed by the switcher: its commands are
 * refused. A bad value stops start-up with a message naming the key.
 */
@ApplicationScoped
public class ConfiguredRoutingTargets implements RoutingTargets {

  static final String PREFIX = "hybrid.services.\"";
  private static final Pattern ROUTING_KEY =
      Pattern.compile("hybrid\\.services\\.\"([^\"]+)\"\\.routing\\.([a-z-]+)");
  private static final List<String> KEYS =
      List.of("kind", "name", "namespace", "desktop-backend", "gke-backend");

  private final Map<String, RoutingTarget> targets;

  ConfiguredRoutingTargets(Config config) {
    this.targets = read(config.unwrap(SmallRyeConfig.class));
  }

  @Override
  public Optional<RoutingTarget> forService(String service) {
    return Optional.ofNullable(targets.get(service));
  }

  @Override
  public List<RoutingTarget> all() {
    return List.copyOf(targets.values());
  }

  static Map<String, RoutingTarget> read(SmallRyeConfig config) {
    TreeSet<String> services = new TreeSet<>();
    List<String> problems = new ArrayList<>();
    for (String name : config.getPropertyNames()) {
      Matcher key = ROUTING_KEY.matcher(name);
      if (key.matches()) {
        services.add(key.group(1));
        if (!KEYS.contains(key.group(2))) {
          problems.add(name + ": unknown routing setting (known: " + KEYS + ")");
        }
      }
    }
    Map<String, RoutingTarget> targets = new TreeMap<>();
    for (String service : services) {
      String[] id = service.split("/", 2);
      if (id.length != 2) {
        problems.add(key(service, "kind") + ": the service id must be <namespace>/<name>");
        continue;
      }
      String kindName = value(config, service, "kind", "TrafficSplit");
      RouteKind kind =
          switch (kindName) {
            case "TrafficSplit" -> RouteKind.TRAFFIC_SPLIT;
            case "HTTPRoute" -> RouteKind.HTTP_ROUTE;
            default -> null;
          };
      if (kind == null) {
        problems.add(key(service, "kind") + "=" + kindName + ": must be TrafficSplit or HTTPRoute");
        continue;
      }
      String name = value(config, service, "name", id[1]);
      targets.put(
          service,
          new RoutingTarget(
              service,
              kind,
              value(config, service, "namespace", id[0]),
              name,
              value(config, service, "desktop-backend", name + "-desktop"),
              value(config, service, "gke-backend", name)));
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid routing configuration: " + problems);
    }
    return targets;
  }

  static String key(String service, String setting) {
    return PREFIX + service + "\".routing." + setting;
  }

  private static String value(SmallRyeConfig config, String service, String setting, String def) {
    return config.getOptionalValue(key(service, setting), String.class).orElse(def).trim();
  }
}
