package io.hybridfailover.catalog;

import io.hybridfailover.events.Cluster;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One managed service and its probe target on each cluster.
 *
 * @param id {@code <namespace>/<name>}, e.g. {@code shop/web}
 * @param targets one per cluster: always both {@code desktop} and {@code gke}
 */
public record ManagedService(String id, Map<Cluster, ProbeTarget> targets) {

  public ManagedService {
    targets = Collections.unmodifiableMap(new EnumMap<>(targets));
  }

  public ProbeTarget target(Cluster cluster) {
    return targets.get(cluster);
  }
}
