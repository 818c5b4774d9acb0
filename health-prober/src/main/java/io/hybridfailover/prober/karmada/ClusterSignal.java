package io.hybridfailover.prober.karmada;

import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.RecordKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to publish about the Karmada {@code Cluster} objects of our two clusters: an observation
 * when the Ready condition of one changes, and the current state of all on demand (the periodic
 * republish). Karmada clusters that stand for neither of ours are ignored. Thread-safe.
 */
final class ClusterSignal {

  /** The {@code target} of these observations names the object they come from. */
  static final String TARGET_PREFIX = "cluster.karmada.io/v1alpha1 Cluster ";

  private final String proberId;
  private final Map<String, Cluster> clustersByKarmadaName;
  private final Map<Cluster, ReadyCondition> current = new EnumMap<>(Cluster.class);
  private final Map<Cluster, String> karmadaNames = new EnumMap<>(Cluster.class);

  /**
   * @param clustersByKarmadaName our cluster for each Karmada member cluster name
   */
  ClusterSignal(String proberId, Map<String, Cluster> clustersByKarmadaName) {
    this.proberId = proberId;
    this.clustersByKarmadaName = Map.copyOf(clustersByKarmadaName);
  }

  /** The informer saw Cluster {@code name} with {@code status}: an observation if Ready changed. */
  synchronized Optional<Observation> seen(String name, Object status, Instant now) {
    Cluster cluster = clustersByKarmadaName.get(name);
    if (cluster == null) {
      return Optional.empty();
    }
    ReadyCondition ready = ReadyCondition.of(status);
    ReadyCondition before = current.put(cluster, ready);
    karmadaNames.put(cluster, name);
    if (before != null && !ready.differsFrom(before)) {
      return Optional.empty();
    }
    return Optional.of(observation(cluster, ready.outcome(), ready.detail(), now));
  }

  /** Cluster {@code name} was deleted: DOWN once, then nothing more about it. */
  synchronized Optional<Observation> deleted(String name, Instant now) {
    Cluster cluster = clustersByKarmadaName.get(name);
    if (cluster == null || current.remove(cluster) == null) {
      return Optional.empty();
    }
    return Optional.of(observation(cluster, Outcome.DOWN, "Cluster object deleted", now));
  }

  /** The last known state of every Cluster seen, observed again at {@code now}. */
  synchronized List<Observation> current(Instant now) {
    List<Observation> all = new ArrayList<>();
    current.forEach(
        (cluster, ready) -> all.add(observation(cluster, ready.outcome(), ready.detail(), now)));
    return all;
  }

  private Observation observation(Cluster cluster, Outcome outcome, String detail, Instant now) {
    return new Observation(
        RecordKeys.ALL_SERVICES,
        cluster,
        Check.KARMADA_CLUSTER,
        proberId,
        outcome,
        0,
        detail,
        TARGET_PREFIX + karmadaNames.get(cluster),
        now);
  }
}
