package io.hybridfailover.placement.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hybridfailover.actuation.JsonMaps;
import io.hybridfailover.actuation.Ownership;
import io.hybridfailover.actuation.Plan;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.Placement;
import io.hybridfailover.placement.policy.PlacementTarget.PolicyKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementPlanTest {

  static final PlacementTarget WEB =
      new PlacementTarget(
          "shop/web",
          PolicyKind.PROPAGATION_POLICY,
          "shop",
          "web",
          "apps/v1",
          "Deployment",
          "shop",
          "web",
          "desktop",
          "gke");

  /** The user's placement: desktop preferred by static weights, tolerations and a spread rule. */
  static final String WEIGHTED =
      """
      clusterAffinity:
        clusterNames: [desktop, gke, edge]
      clusterTolerations:
      - {key: cluster.karmada.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 30}
      spreadConstraints:
      - {spreadByField: cluster, minGroups: 1}
      replicaScheduling:
        replicaSchedulingType: Divided
        replicaDivisionPreference: Weighted
        weightPreference:
          staticWeightList:
          - targetCluster: {clusterNames: [desktop]}
            weight: 10
          - targetCluster: {clusterNames: [gke]}
            weight: 1
      """;

  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final ObjectMapper JSON = new ObjectMapper();

  static GenericKubernetesResource policy(String labels, String annotations, String placement) {
    return YAML.unmarshal(
        """
        apiVersion: policy.karmada.io/v1alpha1
        kind: PropagationPolicy
        metadata:
          name: web
          namespace: shop
          resourceVersion: "7"
          labels: {%s}
          annotations: {%s}
        spec:
          resourceSelectors:
          - {apiVersion: apps/v1, kind: Deployment, name: web}
          placement:
        %s
        """
            .formatted(labels, annotations, placement.indent(4)),
        GenericKubernetesResource.class);
  }

  static GenericKubernetesResource managed(String placement) {
    return policy("hybrid-failover.io/managed: 'true'", "", placement);
  }

  @Test
  void gke_addsBothClustersDuplicatesReplicasAndSavesTheOriginal() throws Exception {
    GenericKubernetesResource current = managed(WEIGHTED);

    Plan plan = Plan.of(current, WEB, Placement.GKE, 12, "cmd-12", PlacementPlan.DESIRED);

    assertEquals(ActuationOutcome.APPLIED, plan.outcome());
    assertEquals(
        "placement GKE: clusterNames [desktop, gke, edge], Duplicated"
            + " (was clusterNames [desktop, gke, edge], Divided)",
        plan.detail());
    Map<String, Object> placement = placement(plan.desired());
    assertEquals(List.of("desktop", "gke", "edge"), PlacementPlan.clusterNames(placement));
    assertEquals(
        Map.of("replicaSchedulingType", "Duplicated"),
        JsonMaps.map(placement, "replicaScheduling"));
    assertEquals(
        placement(current).get("clusterTolerations"),
        placement.get("clusterTolerations"),
        "tolerations are left alone");
    assertEquals(placement(current).get("spreadConstraints"), placement.get("spreadConstraints"));
    Map<String, String> annotations = plan.desired().getMetadata().getAnnotations();
    assertEquals(
        JSON.writeValueAsString(placement(current)),
        annotations.get(PlacementPlan.ORIGINAL_PLACEMENT_ANNOTATION));
    assertEquals("12", annotations.get(Ownership.EPOCH_ANNOTATION));
    assertEquals("cmd-12", annotations.get(Ownership.COMMAND_ID_ANNOTATION));
    assertEquals("7", plan.desired().getMetadata().getResourceVersion(), "optimistic lock kept");
    assertEquals(
        JsonMaps.map(current, "spec").get("resourceSelectors"),
        JsonMaps.map(plan.desired(), "spec").get("resourceSelectors"));
  }

  @Test
  void gke_addsTheClustersThatAreMissingFromTheNames() {
    GenericKubernetesResource current =
        managed("clusterAffinity: {clusterNames: [desktop]}\nreplicaScheduling: {}");

    Plan plan = Plan.of(current, WEB, Placement.GKE, 1, "cmd-1", PlacementPlan.DESIRED);

    assertEquals(List.of("desktop", "gke"), PlacementPlan.clusterNames(placement(plan.desired())));
  }

  @Test
  void gke_withoutClusterNames_keepsEveryClusterInThePlacement() {
    GenericKubernetesResource current =
        managed("replicaScheduling: {replicaSchedulingType: Divided}");

    Plan plan = Plan.of(current, WEB, Placement.GKE, 1, "cmd-1", PlacementPlan.DESIRED);

    assertEquals(ActuationOutcome.APPLIED, plan.outcome());
    assertFalse(placement(plan.desired()).containsKey("clusterAffinity"));
    assertTrue(plan.detail().startsWith("placement GKE: all clusters, Duplicated"), plan.detail());
  }

  @Test
  void gkeThenPrimary_restoresTheOriginalPlacementByteForByte() throws Exception {
    GenericKubernetesResource current = managed(WEIGHTED);
    String original = JSON.writeValueAsString(placement(current));

    GenericKubernetesResource widened =
        Plan.of(current, WEB, Placement.GKE, 12, "cmd-12", PlacementPlan.DESIRED).desired();
    Plan restore = Plan.of(widened, WEB, Placement.PRIMARY, 13, "cmd-13", PlacementPlan.DESIRED);

    assertEquals(ActuationOutcome.APPLIED, restore.outcome());
    assertEquals(
        "placement PRIMARY: clusterNames [desktop, gke, edge], Divided, original restored"
            + " (was clusterNames [desktop, gke, edge], Duplicated)",
        restore.detail());
    assertEquals(original, JSON.writeValueAsString(placement(restore.desired())));
    Map<String, String> annotations = restore.desired().getMetadata().getAnnotations();
    assertFalse(annotations.containsKey(PlacementPlan.ORIGINAL_PLACEMENT_ANNOTATION));
    assertEquals("13", annotations.get(Ownership.EPOCH_ANNOTATION));
  }

  @Test
  void gkeTwice_keepsTheFirstSavedOriginal() {
    GenericKubernetesResource widened =
        Plan.of(managed(WEIGHTED), WEB, Placement.GKE, 12, "cmd-12", PlacementPlan.DESIRED)
            .desired();
    String saved =
        widened.getMetadata().getAnnotations().get(PlacementPlan.ORIGINAL_PLACEMENT_ANNOTATION);

    Plan again = Plan.of(widened, WEB, Placement.GKE, 13, "cmd-13", PlacementPlan.DESIRED);

    assertEquals(ActuationOutcome.UNCHANGED, again.outcome());
    assertEquals(
        saved,
        again
            .desired()
            .getMetadata()
            .getAnnotations()
            .get(PlacementPlan.ORIGINAL_PLACEMENT_ANNOTATION));
    assertTrue(again.detail().endsWith("(epoch advanced)"), again.detail());
  }

  @Test
  void aPolicyWithoutAnyPlacement_isRestoredWithoutOne() {
    GenericKubernetesResource current =
        YAML.unmarshal(
            """
            apiVersion: policy.karmada.io/v1alpha1
            kind: ClusterPropagationPolicy
            metadata:
              name: web
              labels: {hybrid-failover.io/managed: 'true'}
            spec:
              resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: web}]
            """,
            GenericKubernetesResource.class);

    GenericKubernetesResource widened =
        Plan.of(current, WEB, Placement.GKE, 1, "cmd-1", PlacementPlan.DESIRED).desired();
    Plan restore = Plan.of(widened, WEB, Placement.PRIMARY, 2, "cmd-2", PlacementPlan.DESIRED);

    assertEquals("null", annotation(widened, PlacementPlan.ORIGINAL_PLACEMENT_ANNOTATION));
    assertEquals(JsonMaps.map(current, "spec"), JsonMaps.map(restore.desired(), "spec"));
  }

  @Test
  void applyAgain_isUnchangedAndWritesNothing() {
    GenericKubernetesResource widened =
        Plan.of(managed(WEIGHTED), WEB, Placement.GKE, 12, "cmd-12", PlacementPlan.DESIRED)
            .desired();

    Plan again = Plan.of(widened, WEB, Placement.GKE, 12, "cmd-12", PlacementPlan.DESIRED);

    assertEquals(ActuationOutcome.UNCHANGED, again.outcome());
    assertTrue(again.write().isEmpty());
  }

  @Test
  void primaryWithNothingSaved_isUnchanged() {
    Plan plan =
        Plan.of(
            policy("hybrid-failover.io/managed: 'true'", "hybrid-failover.io/epoch: '4'", WEIGHTED),
            WEB,
            Placement.PRIMARY,
            4,
            "cmd-4",
            PlacementPlan.DESIRED);

    assertEquals(ActuationOutcome.UNCHANGED, plan.outcome());
    assertEquals("placement PRIMARY: clusterNames [desktop, gke, edge], Divided", plan.detail());
    assertNull(plan.desired());
  }

  @Test
  void anOlderEpochThanThePolicyCarries_isStaleAndWritesNothing() {
    GenericKubernetesResource current =
        policy("hybrid-failover.io/managed: 'true'", "hybrid-failover.io/epoch: '13'", WEIGHTED);

    Plan plan = Plan.of(current, WEB, Placement.GKE, 12, "cmd-12", PlacementPlan.DESIRED);

    assertEquals(ActuationOutcome.STALE, plan.outcome());
    assertTrue(plan.detail().contains("carries epoch 13, newer than 12"), plan.detail());
    assertNull(plan.desired());
  }

  @Test
  void aPolicyWithoutTheOptInLabel_isRefusedNamingTheLabel() {
    Plan plan =
        Plan.of(policy("", "", WEIGHTED), WEB, Placement.GKE, 1, "cmd-1", PlacementPlan.DESIRED);

    assertEquals(ActuationOutcome.REFUSED, plan.outcome());
    assertTrue(plan.detail().contains("hybrid-failover.io/managed=\"true\""), plan.detail());
    assertNull(plan.desired());
  }

  @Test
  void aMissingPolicy_isRefused() {
    Plan plan = Plan.of(null, WEB, Placement.GKE, 1, "cmd-1", PlacementPlan.DESIRED);

    assertEquals(ActuationOutcome.REFUSED, plan.outcome());
    assertEquals(
        "policy.karmada.io/v1alpha1 PropagationPolicy shop/web does not exist", plan.detail());
  }

  @Test
  void clusterAffinityGroups_areRefusedNamingTheField() {
    assertRefused(
        """
        clusterAffinities:
        - affinityName: home
          clusterNames: [desktop]
        - affinityName: cloud
          clusterNames: [gke]
        """,
        "spec.placement.clusterAffinities");
  }

  @Test
  void aLabelSelectorWithoutClusterNames_isRefusedNamingTheField() {
    assertRefused(
        "clusterAffinity: {labelSelector: {matchLabels: {site: home}}}",
        "spec.placement.clusterAffinity.labelSelector");
  }

  @Test
  void aFieldSelector_isRefusedNamingTheField() {
    assertRefused(
        """
        clusterAffinity:
          clusterNames: [desktop]
          fieldSelector:
            matchExpressions: [{key: provider, operator: In, values: [home]}]
        """,
        "spec.placement.clusterAffinity.fieldSelector");
  }

  @Test
  void excludingGke_isRefusedNamingTheField() {
    assertRefused(
        "clusterAffinity: {exclude: [gke]}", "spec.placement.clusterAffinity.exclude lists gke");
  }

  @Test
  void aSpreadConstraintOfOneGroup_isRefusedNamingTheField() {
    assertRefused(
        """
        clusterAffinity: {clusterNames: [desktop, gke]}
        spreadConstraints:
        - {spreadByField: region, minGroups: 1}
        - {spreadByField: cluster, maxGroups: 1, minGroups: 1}
        """,
        "spec.placement.spreadConstraints[1].maxGroups is 1");
  }

  @Test
  void primary_restoresEvenAShapeThatGkeWouldRefuse() {
    GenericKubernetesResource current =
        managed("clusterAffinities: [{affinityName: home, clusterNames: [desktop]}]");

    Plan plan = Plan.of(current, WEB, Placement.PRIMARY, 1, "cmd-1", PlacementPlan.DESIRED);

    assertEquals(ActuationOutcome.UNCHANGED, plan.outcome());
  }

  @Test
  void aSavedOriginalThatIsNotJson_isRefusedNamingTheAnnotation() {
    GenericKubernetesResource current =
        policy(
            "hybrid-failover.io/managed: 'true'",
            "hybrid-failover.io/original-placement: '{broken'",
            WEIGHTED);

    Plan plan = Plan.of(current, WEB, Placement.PRIMARY, 1, "cmd-1", PlacementPlan.DESIRED);

    assertEquals(ActuationOutcome.REFUSED, plan.outcome());
    assertTrue(plan.detail().contains(PlacementPlan.ORIGINAL_PLACEMENT_ANNOTATION), plan.detail());
  }

  private static void assertRefused(String placement, String field) {
    Plan plan = Plan.of(managed(placement), WEB, Placement.GKE, 1, "cmd-1", PlacementPlan.DESIRED);

    assertEquals(ActuationOutcome.REFUSED, plan.outcome(), plan.detail());
    assertTrue(plan.detail().contains(field), plan.detail());
    assertNull(plan.desired());
  }

  static Map<String, Object> placement(GenericKubernetesResource policy) {
    return JsonMaps.map(JsonMaps.map(policy, "spec"), "placement");
  }

  private static String annotation(GenericKubernetesResource object, String name) {
    return object.getMetadata().getAnnotations().get(name);
  }

  @Test
  void aLazyPolicy_isRefused_forEitherPlacement() {
    for (Placement placement : Placement.values()) {
      GenericKubernetesResource lazy = managed(WEIGHTED);
      JsonMaps.map(lazy, "spec").put("activationPreference", "Lazy");

      Plan plan = Plan.of(lazy, WEB, placement, 12, "cmd-12", PlacementPlan.DESIRED);

      assertEquals(ActuationOutcome.REFUSED, plan.outcome(), placement.toString());
      assertTrue(plan.detail().contains(": spec.activationPreference is Lazy"), plan.detail());
    }
  }
}
