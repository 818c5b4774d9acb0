package io.hybridfailover.catalog;

import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.InvalidEventException;
import io.hybridfailover.events.RecordKeys;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.ConfigValidationException.Problem;
import io.smallrye.config.SmallRyeConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The validated list of managed services. Every service of the product reads the same {@code
 * hybrid.services.*} keys through {@link #load}; invalid settings throw a {@link
 * ConfigValidationException} whose problems each start with the offending key, so start-up stops
 * with a message that says what to fix.
 */
public final class ServiceCatalog {

  private static final String KEY_PREFIX = ServiceCatalogConfig.PREFIX + ".";

  private final List<ManagedService> services;

  private ServiceCatalog(List<ManagedService> services) {
    this.services = List.copyOf(services);
  }

  /**
   * Reads and validates the catalog from {@code config}, which must know the {@link
   * ServiceCatalogConfig} mapping (plain SmallRye Config: {@code
   * withMapping(ServiceCatalogConfig.class)}). In Quarkus, inject the mapping and use {@link #of}:
   * Quarkus registers only the mappings that something injects.
   *
   * @throws ConfigValidationException listing every invalid setting by key
   */
  public static ServiceCatalog load(SmallRyeConfig config) {
    return of(config.getConfigMapping(ServiceCatalogConfig.class), config.getPropertyNames());
  }

  /**
   * Validates a mapped catalog. {@code propertyNames} are the raw names in the configuration
   * ({@code Config.getPropertyNames()}): the mapping alone cannot tell that one service was written
   * under two spellings of its key.
   *
   * @throws ConfigValidationException listing every invalid setting by key
   */
  public static ServiceCatalog of(ServiceCatalogConfig config, Iterable<String> propertyNames) {
    List<String> problems = new ArrayList<>(duplicateServices(propertyNames));
    List<ManagedService> services = new ArrayList<>();
    for (Map.Entry<String, ServiceCatalogConfig.ServiceEntry> service :
        new TreeMap<>(config.services()).entrySet()) {
      parseService(service.getKey(), service.getValue(), problems).ifPresent(services::add);
    }
    if (!problems.isEmpty()) {
      throw new ConfigValidationException(
          problems.stream().map(Problem::new).toArray(Problem[]::new));
    }
    return new ServiceCatalog(services);
  }

  /** The services, ordered by id. */
  public List<ManagedService> services() {
    return services;
  }

  /** The routing object of every service that has one, by service id. */
  public Map<String, RoutingBlock> routing() {
    Map<String, RoutingBlock> routing = new TreeMap<>();
    services.forEach(s -> s.routing().ifPresent(block -> routing.put(s.id(), block)));
    return routing;
  }

  /** The policy of every service that has one, by service id. */
  public Map<String, PlacementBlock> placement() {
    Map<String, PlacementBlock> placement = new TreeMap<>();
    services.forEach(s -> s.placement().ifPresent(block -> placement.put(s.id(), block)));
    return placement;
  }

  /** Every probe target, ordered by service id, then cluster. */
  public List<ProbeTarget> targets() {
    return services.stream().flatMap(s -> s.targets().values().stream()).toList();
  }

  /**
   * The configuration key of a setting of one service, as people write it: {@code
   * hybrid.services."shop/web".desktop.timeout}.
   */
  public static String key(String serviceId, String... path) {
    StringBuilder key = new StringBuilder(KEY_PREFIX).append('"').append(serviceId).append('"');
    for (String segment : path) {
      key.append('.').append(segment);
    }
    return key.toString();
  }

  private static Optional<ManagedService> parseService(
      String id, ServiceCatalogConfig.ServiceEntry entry, List<String> problems) {
    int before = problems.size();
    try {
      if (RecordKeys.ALL_SERVICES.equals(RecordKeys.service(id))) {
        problems.add(key(id) + ": must be a service id \"<namespace>/<name>\", not \"*\"");
      }
    } catch (InvalidEventException e) {
      problems.add(
          key(id) + ": must be a service id \"<namespace>/<name>\" of Kubernetes names but is not");
    }
    Map<Cluster, ProbeTarget> targets = new EnumMap<>(Cluster.class);
    for (Map.Entry<String, ServiceCatalogConfig.ProbeEntry> cluster :
        new TreeMap<>(entry.clusters()).entrySet()) {
      Optional<Cluster> known = clusterNamed(cluster.getKey());
      if (known.isEmpty()) {
        problems.add(
            key(id, cluster.getKey())
                + ": unknown cluster \""
                + cluster.getKey()
                + "\": must be one of "
                + Arrays.stream(Cluster.values())
                    .map(Cluster::wireName)
                    .collect(Collectors.joining(", ", "[", "]")));
        continue;
      }
      parseTarget(id, known.get(), cluster.getValue(), problems)
          .ifPresent(target -> targets.put(known.get(), target));
    }
    for (Cluster cluster : Cluster.values()) {
      if (!entry.clusters().containsKey(cluster.wireName())) {
        problems.add(
            key(id, cluster.wireName(), "url")
                + ": is required: every managed service is probed on both clusters");
      }
    }
    if (problems.size() != before) {
      return Optional.empty();
    }
    String[] ref = id.split("/", 2);
    Optional<PlacementBlock> placement = entry.placement().map(p -> placement(id, ref, p));
    placement
        .filter(p -> p.desktopCluster().equals(p.gkeCluster()))
        .ifPresent(
            p ->
                problems.add(
                    key(id, "placement", "gke-cluster")
                        + "="
                        + p.gkeCluster()
                        + ": must differ from "
                        + key(id, "placement", "desktop-cluster")));
    return problems.size() == before
        ? Optional.of(
            new ManagedService(
                id, targets, entry.routing().map(r -> routing(id, ref, r)), placement))
        : Optional.empty();
  }

  private static RoutingBlock routing(
      String id, String[] ref, ServiceCatalogConfig.RoutingEntry entry) {
    String name = text(entry.name()).orElse(ref[1]);
    return new RoutingBlock(
        id,
        entry.kind(),
        text(entry.namespace()).orElse(ref[0]),
        name,
        text(entry.desktopBackend()).orElse(name + "-desktop"),
        text(entry.gkeBackend()).orElse(name));
  }

  private static PlacementBlock placement(
      String id, String[] ref, ServiceCatalogConfig.PlacementEntry entry) {
    String namespace = entry.kind().namespaced() ? text(entry.namespace()).orElse(ref[0]) : null;
    return new PlacementBlock(
        id,
        entry.kind(),
        namespace,
        text(entry.name()).orElse(ref[1]),
        entry.workloadApiVersion().trim(),
        entry.workloadKind().trim(),
        namespace == null ? ref[0] : namespace,
        text(entry.workloadName()).orElse(ref[1]),
        entry.desktopCluster().trim(),
        entry.gkeCluster().trim());
  }

  /** A value that is set and not blank, trimmed. */
  private static Optional<String> text(Optional<String> value) {
    return value.map(String::trim).filter(v -> !v.isEmpty());
  }

  private static Optional<ProbeTarget> parseTarget(
      String id, Cluster cluster, ServiceCatalogConfig.ProbeEntry entry, List<String> problems) {
    int before = problems.size();
    URI url = url(entry.url(), key(id, cluster.wireName(), "url"), problems);
    StatusRanges expected = null;
    try {
      expected = StatusRanges.parse(entry.expectedStatus());
    } catch (IllegalArgumentException e) {
      problems.add(key(id, cluster.wireName(), "expected-status") + ": " + e.getMessage());
    }
    Duration interval = entry.interval();
    Duration timeout = entry.timeout();
    if (interval.isNegative() || interval.isZero()) {
      problems.add(
          key(id, cluster.wireName(), "interval") + ": must be positive but was " + interval);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      problems.add(
          key(id, cluster.wireName(), "timeout") + ": must be positive but was " + timeout);
    } else if (timeout.compareTo(interval) >= 0) {
      problems.add(
          key(id, cluster.wireName(), "timeout")
              + ": must be less than the interval ("
              + interval
              + ") so that probes of one target never overlap, but was "
              + timeout);
    }
    if (problems.size() != before) {
      return Optional.empty();
    }
    return Optional.of(
        new ProbeTarget(id, cluster, url, expected, entry.bodyContains(), interval, timeout));
  }

  private static URI url(String text, String key, List<String> problems) {
    String problem =
        ": must be an absolute http:// or https:// URL with a host but was \"" + text + "\"";
    try {
      URI url = new URI(text.trim());
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && url.getHost() != null) {
        return url;
      }
    } catch (URISyntaxException e) {
      problems.add(key + problem + " (" + e.getReason() + ")");
      return null;
    }
    problems.add(key + problem);
    return null;
  }

  private static Optional<Cluster> clusterNamed(String name) {
    return Arrays.stream(Cluster.values()).filter(c -> c.wireName().equals(name)).findFirst();
  }

  /**
   * One service id written under two spellings ({@code "shop/web"} and {@code shop/web}): both land
   * in the same map entry, and which value wins is up to the order of the config sources.
   */
  private static List<String> duplicateServices(Iterable<String> propertyNames) {
    Map<String, Set<String>> spellings = new TreeMap<>();
    for (String name : propertyNames) {
      if (!name.startsWith(KEY_PREFIX)) {
        continue;
      }
      String rest = name.substring(KEY_PREFIX.length());
      String spelling;
      String id;
      if (rest.startsWith("\"")) {
        int close = rest.indexOf('"', 1);
        if (close < 0) {
          continue;
        }
        spelling = rest.substring(0, close + 1);
        id = rest.substring(1, close);
      } else {
        int dot = rest.indexOf('.');
        spelling = dot < 0 ? rest : rest.substring(0, dot);
        id = spelling;
      }
      spellings.computeIfAbsent(id, k -> new TreeSet<>()).add(KEY_PREFIX + spelling);
    }
    List<String> problems = new ArrayList<>();
    spellings.forEach(
        (id, keys) -> {
          if (keys.size() > 1) {
            problems.add(
                key(id)
                    + ": duplicate service: configured under "
                    + String.join(" and ", keys)
                    + "; keep one");
          }
        });
    return problems;
  }
}
