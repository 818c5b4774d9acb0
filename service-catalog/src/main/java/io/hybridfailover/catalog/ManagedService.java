package io.hybridfailover.catalog;

import io.hybridfailover.events.Cluster;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * One managed service and its probe target on each cluster.
 *
 * @param id {@code <namespace>/<name>}, e.g. {@code shop/web}
 * @param targets one per cluster: always both {@code desktop} and {@code gke}
 * @param routing the traffic-switcher's object, if it routes this service
 * @param placement the karmada-actuator's policy, if it places this service
 */
public record ManagedService(
    String id,
    Map<Cluster, ProbeTarget> targets,
    Optional<RoutingBlock> routing,
    Optional<PlacementBlock> placement) {

  public ManagedService {
    targets = Collections.unmodifiableMap(new EnumMap<>(targets));
  }

  public ProbeTarget target(Cluster cluster) {
    return targets.get(cluster);
  }
}
