package io.hybridfailover.devstack.world.karmada;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading a Karmada {@code placement} as untyped JSON. Pure. */
final class Placements {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private Placements() {}

  /**
   * The placement as the scheduler stores it in {@code policy.karmada.io/applied-placement}: JSON,
   * compared as text, so any change of affinity, tolerations, spread or replicaScheduling counts.
   */
  static String applied(Map<String, Object> placement) {
    try {
      return JSON.writeValueAsString(placement == null ? Map.of() : placement);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("placement is not JSON: " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<String, Object> parent, String field) {
    Object value = parent == null ? null : parent.get(field);
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Map<String, Object> parent, String field) {
    Object value = parent == null ? null : parent.get(field);
    return value instanceof List<?> l ? (List<Object>) l : List.of();
  }

  /** The clusters a placement names, or every cluster when it names none. */
  static List<String> clusters(Map<String, Object> placement, List<String> allClusters) {
    List<Object> names = list(map(placement, "clusterAffinity"), "clusterNames");
    if (names.isEmpty()) {
      return allClusters;
    }
    return names.stream().map(String::valueOf).filter(allClusters::contains).toList();
  }

  static String schedulingType(Map<String, Object> placement) {
    Object type = map(placement, "replicaScheduling").get("replicaSchedulingType");
    return type == null ? "Duplicated" : type.toString();
  }

  static String divisionPreference(Map<String, Object> placement) {
    Object preference = map(placement, "replicaScheduling").get("replicaDivisionPreference");
    return preference == null ? "Aggregated" : preference.toString();
  }

  /** Dynamic weights ({@code weightPreference.dynamicWeight}) or the Aggregated preference. */
  static boolean steady(Map<String, Object> placement) {
    if (!"Divided".equals(schedulingType(placement))) {
      return false;
    }
    Map<String, Object> weights = map(map(placement, "replicaScheduling"), "weightPreference");
    return "Aggregated".equals(divisionPreference(placement))
        || weights.get("dynamicWeight") != null;
  }

  /** Static weight by cluster, for the clusters placed on (1 each when none are given). */
  static Map<String, Long> staticWeights(Map<String, Object> placement, List<String> clusters) {
    Map<String, Long> weights = new LinkedHashMap<>();
    List<Object> list =
        list(map(map(placement, "replicaScheduling"), "weightPreference"), "staticWeightList");
    for (String cluster : clusters) {
      long weight = list.isEmpty() ? 1 : 0;
      for (Object item : list) {
        Map<String, Object> entry = item instanceof Map<?, ?> ? cast(item) : Map.of();
        if (list(map(entry, "targetCluster"), "clusterNames").contains(cluster)) {
          weight = ((Number) entry.get("weight")).longValue();
        }
      }
      if (weight > 0) {
        weights.put(cluster, weight);
      }
    }
    return weights;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object value) {
    return (Map<String, Object>) value;
  }
}
