package io.hybridfailover.devstack.world.karmada;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The deploy sample's static weights, desktop 10 : gke 1, as Karmada divides them. */
class StaticWeightDivisionTest {

  private static final Map<String, Long> TEN_TO_ONE = weights();

  private static Map<String, Long> weights() {
    Map<String, Long> weights = new LinkedHashMap<>();
    weights.put("desktop", 10L);
    weights.put("gke", 1L);
    return weights;
  }

  private static Map<String, Integer> split(int desktop, int gke) {
    Map<String, Integer> clusters = new LinkedHashMap<>();
    if (desktop > 0) {
      clusters.put("desktop", desktop);
    }
    if (gke > 0) {
      clusters.put("gke", gke);
    }
    return clusters;
  }

  @Test
  void webster_v116_givesGkeNothingUpToFiveReplicas_thenOne_thenTwoAtSeventeen() {
    for (int n = 1; n <= 5; n++) {
      assertEquals(split(n, 0), StaticWeightDivision.WEBSTER.divide(n, TEN_TO_ONE), "n=" + n);
    }
    for (int n = 6; n <= 16; n++) {
      assertEquals(split(n - 1, 1), StaticWeightDivision.WEBSTER.divide(n, TEN_TO_ONE), "n=" + n);
    }
    assertEquals(split(15, 2), StaticWeightDivision.WEBSTER.divide(17, TEN_TO_ONE));
  }

  @Test
  void floorThenHeaviest_v115_givesGkeNothingUpToTenReplicas() {
    StaticWeightDivision legacy = StaticWeightDivision.FLOOR_THEN_HEAVIEST;
    for (int n = 1; n <= 10; n++) {
      assertEquals(split(n, 0), legacy.divide(n, TEN_TO_ONE), "n=" + n);
    }
    for (int n = 11; n <= 16; n++) {
      assertEquals(split(n - 1, 1), legacy.divide(n, TEN_TO_ONE), "n=" + n);
    }
    assertEquals(split(16, 1), legacy.divide(17, TEN_TO_ONE));
  }

  @Test
  void aZeroReplicaCluster_isDroppedFromTheClusters() {
    assertEquals(
        java.util.List.of("desktop"),
        java.util.List.copyOf(StaticWeightDivision.WEBSTER.divide(3, TEN_TO_ONE).keySet()));
  }

  @Test
  void aTie_goesToTheClusterWithFewerReplicasThenTheSmallerName() {
    Map<String, Long> equal = new LinkedHashMap<>();
    equal.put("gke", 1L);
    equal.put("desktop", 1L);

    assertEquals(Map.of("desktop", 1), StaticWeightDivision.WEBSTER.divide(1, equal));
    assertEquals(Map.of("desktop", 1, "gke", 1), StaticWeightDivision.WEBSTER.divide(2, equal));
  }
}
