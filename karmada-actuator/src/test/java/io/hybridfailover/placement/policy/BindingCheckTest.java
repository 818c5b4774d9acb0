package io.hybridfailover.placement.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hybridfailover.actuation.Plan;
import io.hybridfailover.events.Placement;
import io.hybridfailover.placement.policy.BindingCheck.Expected;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BindingCheckTest {

  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  private static final GenericKubernetesResource WIDENED =
      Plan.of(
              PlacementPlanTest.managed(
                  "clusterAffinity: {clusterNames: [desktop, gke]}\n"
                      + "replicaScheduling: {replicaSchedulingType: Divided}"),
              PlacementPlanTest.WEB,
              Placement.GKE,
              1,
              "cmd-1",
              PlacementPlan.DESIRED)
          .desired();

  private static final Expected GKE = Expected.of(WIDENED, PlacementPlanTest.WEB, Placement.GKE);

  static GenericKubernetesResource binding(String placement, String clusters, String extra) {
    return YAML.unmarshal(
        """
        apiVersion: work.karmada.io/v1alpha2
        kind: ResourceBinding
        metadata: {name: web-deployment, namespace: shop, generation: 4}
        spec:
          resource: {apiVersion: apps/v1, kind: Deployment, name: web, namespace: shop}
          replicas: 2
          placement: %s
          clusters: %s
        %s
        status:
          schedulerObservedGeneration: 4
          conditions:
          - {type: Scheduled, status: 'True', reason: Success, message: Binding has been scheduled}
        """
            .formatted(placement, clusters, extra),
        GenericKubernetesResource.class);
  }

  private static final String DUPLICATED =
      "{clusterAffinity: {clusterNames: [desktop, gke]},"
          + " replicaScheduling: {replicaSchedulingType: Duplicated}}";

  @Test
  void aBindingWithTheNewPlacementOnBothClusters_confirms() {
    BindingCheck check =
        BindingCheck.check(
            binding(DUPLICATED, "[{name: desktop, replicas: 2}, {name: gke, replicas: 2}]", ""),
            GKE);

    assertTrue(check.confirmed(), check.reason());
    assertEquals("spec.clusters [desktop, gke]", check.reason());
  }

  @Test
  void emptyFieldsAndNumberFormsDroppedByKarmada_doNotMatter() {
    Expected expected =
        new Expected(
            YAML.unmarshal(
                "{\"a\": {\"b\": [], \"c\": null}, \"n\": 1.0, \"d\": \"x\"}", Object.class),
            Set.of(),
            Set.of());

    assertTrue(BindingCheck.check(binding("{n: 1, d: x}", "[]", ""), expected).confirmed());
  }

  @Test
  void aBindingStillCarryingThePreviousPlacement_isNotConfirmed() {
    String weighted =
        "{clusterAffinity: {clusterNames: [desktop, gke]},"
            + " replicaScheduling: {replicaSchedulingType: Divided}}";

    BindingCheck check =
        BindingCheck.check(
            binding(weighted, "[{name: desktop, replicas: 1}, {name: gke, replicas: 1}]", ""), GKE);

    assertFalse(check.confirmed());
    assertEquals("the binding still carries the previous placement", check.reason());
  }

  @Test
  void aBindingTheSchedulerHasNotSeenYet_isNotConfirmed() {
    GenericKubernetesResource binding = binding(DUPLICATED, "[{name: desktop}, {name: gke}]", "");
    binding.getMetadata().setGeneration(5L);

    BindingCheck check = BindingCheck.check(binding, GKE);

    assertFalse(check.confirmed());
    assertEquals(
        "the scheduler has observed generation 4 of the binding, not yet 5", check.reason());
  }

  @Test
  void aBindingThatIsNotScheduled_saysWhy() {
    GenericKubernetesResource binding = binding(DUPLICATED, "[{name: desktop}, {name: gke}]", "");
    binding
        .getAdditionalProperties()
        .put(
            "status",
            YAML.unmarshal(
                "conditions: [{type: Scheduled, status: 'False', reason: NoClusterFit,"
                    + " message: 0/2 clusters are available}]",
                Object.class));

    BindingCheck check = BindingCheck.check(binding, GKE);

    assertFalse(check.confirmed());
    assertEquals(
        "condition Scheduled is False (NoClusterFit: 0/2 clusters are available)", check.reason());
  }

  @Test
  void aBindingWithoutGke_isNotConfirmed() {
    BindingCheck check = BindingCheck.check(binding(DUPLICATED, "[{name: desktop}]", ""), GKE);

    assertFalse(check.confirmed());
    assertEquals("spec.clusters [desktop] lacks [gke]", check.reason());
  }

  @Test
  void aBindingOnAClusterOutsideThePlacement_isNotConfirmed() {
    BindingCheck check =
        BindingCheck.check(
            binding(DUPLICATED, "[{name: desktop}, {name: gke}, {name: edge}]", ""), GKE);

    assertFalse(check.confirmed());
    assertEquals(
        "spec.clusters [desktop, gke, edge] has [edge] outside the placement", check.reason());
  }

  @Test
  void aGracefulEvictionInProgress_isNotConfirmed() {
    BindingCheck check =
        BindingCheck.check(
            binding(
                DUPLICATED,
                "[{name: desktop}, {name: gke}]",
                "  gracefulEvictionTasks: [{fromCluster: edge, reason: TaintUntolerated}]"),
            GKE);

    assertFalse(check.confirmed());
    assertEquals("graceful eviction from [edge] is still in progress", check.reason());
  }

  @Test
  void aMissingBinding_isNotConfirmed() {
    assertEquals("the ResourceBinding does not exist", BindingCheck.check(null, GKE).reason());
  }

  @Test
  void primary_requiresTheDesktopAndOnlyTheOriginalClusters() {
    GenericKubernetesResource restored =
        Plan.of(
                WIDENED,
                PlacementPlanTest.WEB,
                Placement.PRIMARY,
                2,
                "cmd-2",
                PlacementPlan.DESIRED)
            .desired();

    Expected expected = Expected.of(restored, PlacementPlanTest.WEB, Placement.PRIMARY);

    assertEquals(Set.of("desktop"), expected.required());
    assertEquals(Set.of("desktop", "gke"), expected.allowed());
  }

  @Test
  void aBindingLabelledForAnotherPolicy_isHopeless_withTheReasonFirst() {
    Expected ours = new Expected(GKE.placement(), GKE.required(), GKE.allowed(), "our-id", null);
    GenericKubernetesResource bound =
        binding(DUPLICATED, "[{name: desktop, replicas: 2}, {name: gke, replicas: 2}]", "");
    bound.getMetadata().setLabels(java.util.Map.of(BindingCheck.PERMANENT_ID_LABEL, "their-id"));

    BindingCheck check = BindingCheck.check(bound, ours);

    assertFalse(check.confirmed());
    assertTrue(check.hopeless());
    assertTrue(
        check.reason().startsWith("the workload is bound to another policy"), check.reason());
  }

  @Test
  void primary_reportsFullyAppliedAndTheDesktopsHealth() {
    Expected primary = new Expected(GKE.placement(), Set.of("desktop"), Set.of(), null, "desktop");
    GenericKubernetesResource applied =
        YAML.unmarshal(
            """
            apiVersion: work.karmada.io/v1alpha2
            kind: ResourceBinding
            metadata: {name: web-deployment, namespace: shop, generation: 4}
            spec:
              placement: %s
              clusters: [{name: desktop, replicas: 2}]
            status:
              schedulerObservedGeneration: 4
              conditions:
              - {type: Scheduled, status: 'True'}
              - {type: FullyApplied, status: 'True'}
              aggregatedStatus:
              - {clusterName: desktop, applied: true, health: Unhealthy}
            """
                .formatted(DUPLICATED),
            GenericKubernetesResource.class);

    BindingCheck check = BindingCheck.check(applied, primary);

    assertTrue(check.confirmed(), check.reason());
    assertEquals(
        "spec.clusters [desktop]; FullyApplied True; desktop health Unhealthy", check.reason());
  }
}
