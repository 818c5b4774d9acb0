package io.hybridfailover.devstack.world.karmada;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How Karmada divides a Divided/Weighted binding's replicas by static weights, and which clusters
 * it then lists in {@code spec.clusters}: those given at least one replica (a cluster given 0 is
 * dropped, unless the scheduler runs with {@code --enable-empty-workload-propagation}). Pure.
 */
public enum StaticWeightDivision {

  /**
   * Karmada v1.16 and later: Webster (Sainte-Laguë): each replica goes to the cluster with the
   * highest {@code weight / (2 * replicas + 1)}; a tie goes to the cluster with fewer replicas,
   * then to the smaller name (pkg/util/helper/webstermethod.go).
   */
  WEBSTER {
    @Override
    Map<String, Integer> allocate(int replicas, Map<String, Long> weights) {
      Map<String, Integer> seats = new TreeMap<>();
      weights.keySet().forEach(cluster -> seats.put(cluster, 0));
      Comparator<String> first =
          Comparator.<String>comparingDouble(
                  c -> -(double) weights.get(c) / (2.0 * seats.get(c) + 1))
              .thenComparingInt(seats::get)
              .thenComparing(Comparator.naturalOrder());
      for (int i = 0; i < replicas; i++) {
        String next = weights.keySet().stream().min(first).orElseThrow();
        seats.merge(next, 1, Integer::sum);
      }
      return seats;
    }
  },

  /**
   * Karmada v1.15 and earlier: each cluster gets {@code floor(replicas * weight / sum)}, and the
   * remainder goes one by one to the heaviest weights (pkg/util/helper/binding.go of v1.15).
   */
  FLOOR_THEN_HEAVIEST {
    @Override
    Map<String, Integer> allocate(int replicas, Map<String, Long> weights) {
      long sum = weights.values().stream().mapToLong(Long::longValue).sum();
      Map<String, Integer> seats = new TreeMap<>();
      int given = 0;
      for (Map.Entry<String, Long> weight : weights.entrySet()) {
        int share = (int) (replicas * weight.getValue() / sum);
        seats.put(weight.getKey(), share);
        given += share;
      }
      List<String> heaviest = new ArrayList<>(weights.keySet());
      heaviest.sort(
          Comparator.<String>comparingLong(c -> -weights.get(c))
              .thenComparing(Comparator.naturalOrder()));
      for (int i = 0; given < replicas; i = (i + 1) % heaviest.size(), given++) {
        seats.merge(heaviest.get(i), 1, Integer::sum);
      }
      return seats;
    }
  };

  abstract Map<String, Integer> allocate(int replicas, Map<String, Long> weights);

  /**
   * The binding's {@code spec.clusters}: each cluster with its replicas, in the order of {@code
   * weights}, without the clusters given none.
   *
   * @param weights by cluster, each above 0
   */
  public Map<String, Integer> divide(int replicas, Map<String, Long> weights) {
    if (weights.isEmpty()) {
      return Map.of();
    }
    Map<String, Integer> seats = allocate(replicas, weights);
    Map<String, Integer> clusters = new LinkedHashMap<>();
    for (String cluster : weights.keySet()) {
      int n = seats.getOrDefault(cluster, 0);
      if (n > 0) {
        clusters.put(cluster, n);
      }
    }
    return clusters;
  }
}
