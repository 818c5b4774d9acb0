package io.hybridfailover.placement.reconcile;

import io.hybridfailover.placement.policy.PlacementTarget;
import io.hybridfailover.placement.policy.PlacementTarget.PolicyKind;
import io.quarkus.runtime.Startup;
import io.smallrye.config.SmallRyeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * The Karmada policy of each managed service, from the {@code placement} block of the shared
 * service list:
 *
 * <pre>
 * hybrid.services."shop/web".placement.kind=PropagationPolicy   # or ClusterPropagationPolicy
 * hybrid.services."shop/web".placement.name=web                 # default: the service's name
 * hybrid.services."shop/web".placement.namespace=shop           # default: the service's namespace
 * hybrid.services."shop/web".placement.workload-kind=Deployment
 * hybrid.services."shop/web".placement.workload-api-version=apps/v1
 * hybrid.services."shop/web".placement.workload-name=web        # default: the service's name
 * hybrid.services."shop/web".placement.desktop-cluster=desktop
 * hybrid.services."shop/web".placement.gke-cluster=gke
 * </pre>
 *
 * A service without a {@code placement} block is not placed by this actuator: its commands are
 * refused. The workload lives in the policy's namespace (a PropagationPolicy selects only there),
 * or for a ClusterPropagationPolicy in the service's namespace. A bad value stops start-up with a
 * message naming the key.
 */
@Startup
@ApplicationScoped
public class ConfiguredPlacementTargets implements PlacementTargets {

  /** The settings, for the shared service catalog to adopt. */
  public static final String KIND = "kind";

  public static final String NAME = "name";
  public static final String NAMESPACE = "namespace";
  public static final String WORKLOAD_KIND = "workload-kind";
  public static final String WORKLOAD_API_VERSION = "workload-api-version";
  public static final String WORKLOAD_NAME = "workload-name";
  public static final String DESKTOP_CLUSTER = "desktop-cluster";
  public static final String GKE_CLUSTER = "gke-cluster";

  public static final List<String> SETTINGS =
      List.of(
          KIND,
          NAME,
          NAMESPACE,
          WORKLOAD_KIND,
          WORKLOAD_API_VERSION,
          WORKLOAD_NAME,
          DESKTOP_CLUSTER,
          GKE_CLUSTER);

  private static final Pattern PLACEMENT_KEY =
      Pattern.compile("hybrid\\.services\\.\"([^\"]+)\"\\.placement\\.([a-z-]+)");

  private final Map<String, PlacementTarget> targets;

  ConfiguredPlacementTargets(Config config) {
    this.targets = read(config.unwrap(SmallRyeConfig.class));
  }

  @Override
  public Optional<PlacementTarget> forService(String service) {
    return Optional.ofNullable(targets.get(service));
  }

  @Override
  public List<PlacementTarget> all() {
    return List.copyOf(targets.values());
  }

  /** The full key of one setting, e.g. {@code hybrid.services."shop/web".placement.kind}. */
  public static String key(String service, String setting) {
    return "hybrid.services.\"" + service + "\".placement." + setting;
  }

  static Map<String, PlacementTarget> read(SmallRyeConfig config) {
    TreeSet<String> services = new TreeSet<>();
    List<String> problems = new ArrayList<>();
    for (String name : config.getPropertyNames()) {
      Matcher key = PLACEMENT_KEY.matcher(name);
      if (key.matches()) {
        services.add(key.group(1));
        if (!SETTINGS.contains(key.group(2))) {
          problems.add(name + ": unknown placement setting (known: " + SETTINGS + ")");
        }
      }
    }
    Map<String, PlacementTarget> targets = new TreeMap<>();
    for (String service : services) {
      String[] id = service.split("/", 2);
      if (id.length != 2 || id[0].isBlank() || id[1].isBlank()) {
        problems.add(key(service, KIND) + ": the service id must be <namespace>/<name>");
        continue;
      }
      String kindName = value(config, service, KIND, "PropagationPolicy");
      Optional<PolicyKind> kind =
          Arrays.stream(PolicyKind.values()).filter(k -> k.kind().equals(kindName)).findFirst();
      if (kind.isEmpty()) {
        problems.add(
            key(service, KIND)
                + "="
                + kindName
                + ": must be PropagationPolicy or ClusterPropagationPolicy");
        continue;
      }
      String namespace = kind.get().namespaced() ? value(config, service, NAMESPACE, id[0]) : null;
      PlacementTarget target =
          new PlacementTarget(
              service,
              kind.get(),
              namespace,
              value(config, service, NAME, id[1]),
              value(config, service, WORKLOAD_API_VERSION, "apps/v1"),
              value(config, service, WORKLOAD_KIND, "Deployment"),
              namespace == null ? id[0] : namespace,
              value(config, service, WORKLOAD_NAME, id[1]),
              value(config, service, DESKTOP_CLUSTER, "desktop"),
              value(config, service, GKE_CLUSTER, "gke"));
      if (target.desktopCluster().equals(target.gkeCluster())) {
        problems.add(
            key(service, GKE_CLUSTER)
                + "="
                + target.gkeCluster()
                + ": must differ from "
                + key(service, DESKTOP_CLUSTER));
        continue;
      }
      targets.put(service, target);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid placement configuration: " + problems);
    }
    return targets;
  }

  private static String value(SmallRyeConfig config, String service, String setting, String def) {
    return config
        .getOptionalValue(key(service, setting), String.class)
        .map(String::trim)
        .filter(v -> !v.isEmpty())
        .orElse(def);
  }
}
