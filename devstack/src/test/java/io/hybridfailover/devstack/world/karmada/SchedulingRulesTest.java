package io.hybridfailover.devstack.world.karmada;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchedulingRulesTest {

  private static final List<String> CLUSTERS = List.of("desktop", "gke");
  private final SchedulingRules rules = new SchedulingRules(StaticWeightDivision.WEBSTER);

  /** The deploy sample's placement: desktop and gke, Divided 10:1. */
  static Map<String, Object> sample() {
    return Map.of(
        "clusterAffinity",
        Map.of("clusterNames", List.of("desktop", "gke")),
        "replicaScheduling",
        Map.of(
            "replicaSchedulingType",
            "Divided",
            "replicaDivisionPreference",
            "Weighted",
            "weightPreference",
            Map.of(
                "staticWeightList",
                List.of(
                    Map.of(
                        "targetCluster", Map.of("clusterNames", List.of("desktop")), "weight", 10),
                    Map.of(
                        "targetCluster", Map.of("clusterNames", List.of("gke")), "weight", 1)))));
  }

  /** What the actuator widens it to for a failover: same names, Duplicated. */
  static Map<String, Object> widened() {
    return Map.of(
        "clusterAffinity",
        Map.of("clusterNames", List.of("desktop", "gke")),
        "replicaScheduling",
        Map.of("replicaSchedulingType", "Duplicated"));
  }

  private Map<String, Object> scheduledBinding(Map<String, Object> placement, int replicas) {
    Map<String, Object> binding = new LinkedHashMap<>();
    binding.put("metadata", Map.of("name", "web-deployment", "generation", 2));
    binding.put("spec", Map.of("replicas", replicas, "placement", placement));
    rules.writeClusters(binding, rules.assign(binding, CLUSTERS));
    SchedulingRules.writeStatus(binding, 2, Instant.parse("2026-01-01T00:00:00Z"));
    return binding;
  }

  @Test
  void aScheduledBinding_isNotRescheduled() {
    assertEquals(Optional.empty(), SchedulingRules.trigger(scheduledBinding(sample(), 3)));
  }

  @Test
  void anyPlacementChange_reschedules_notOnlyAChangeOfClusterNames() {
    Map<String, Object> binding = scheduledBinding(sample(), 3);

    SchedulingRules.copyPlacement(binding, widened());

    assertEquals(Optional.of("placement changed"), SchedulingRules.trigger(binding));
  }

  @Test
  void aNewReplicaCount_reschedulesADividedBinding() {
    Map<String, Object> binding = scheduledBinding(sample(), 3);
    Map<String, Object> spec = new LinkedHashMap<>(Placements.map(binding, "spec"));
    spec.put("replicas", 6);
    binding.put("spec", spec);

    assertEquals(Optional.of("replicas changed"), SchedulingRules.trigger(binding));
  }

  @Test
  void aRebalancersTriggerAfterTheLastSchedule_reschedules() {
    Map<String, Object> binding = scheduledBinding(sample(), 3);
    Map<String, Object> spec = new LinkedHashMap<>(Placements.map(binding, "spec"));
    spec.put("rescheduleTriggeredAt", "2026-01-01T00:00:05Z");
    binding.put("spec", spec);

    assertEquals(Optional.of("rescheduleTriggeredAt"), SchedulingRules.trigger(binding));
  }

  @Test
  void theSample_withThreeReplicas_leavesGkeCold_andWideningPutsItThere() {
    Map<String, Object> binding = scheduledBinding(sample(), 3);
    assertEquals(Map.of("desktop", 3), rules.assign(binding, CLUSTERS));

    SchedulingRules.copyPlacement(binding, widened());

    assertEquals(Map.of("desktop", 3, "gke", 3), rules.assign(binding, CLUSTERS));
  }

  @Test
  void theStatusWrite_observesTheGenerationBeforeTheClustersWrite() {
    Map<String, Object> binding = scheduledBinding(sample(), 3);

    Map<String, Object> status = Placements.map(binding, "status");

    assertEquals(2L, status.get("schedulerObservedGeneration"));
    assertTrue(
        Placements.map(Placements.map(binding, "metadata"), "annotations")
            .containsKey(SchedulingRules.APPLIED_PLACEMENT));
  }

  @Test
  void aLazyPolicy_isNotCopiedByTheDetector() {
    assertFalse(SchedulingRules.detectorCopies(Map.of("activationPreference", "Lazy")));
    assertTrue(SchedulingRules.detectorCopies(Map.of()));
  }
}
