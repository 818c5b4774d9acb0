package io.hybridfailover.placement.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hybridfailover.actuation.it.ActuatorRestartScenarios;
import io.hybridfailover.placement.policy.PlacementTarget.PolicyKind;
import java.util.List;
import java.util.Map;

/**
 * The karmada-actuator as it runs in production, the packaged application, killed and started again
 * (the scenarios are in {@link ActuatorRestartScenarios}): the object it keeps is a
 * PropagationPolicy, and a command sets its placement.
 */
class KarmadaActuatorRestartIT extends ActuatorRestartScenarios {

  /** The user's placement: desktop preferred by static weights. */
  private static final String ORIGINAL =
      """
      clusterAffinity:
        clusterNames: [desktop, gke]
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

  KarmadaActuatorRestartIT() {
    super("karmada-actuator", PolicyKind.PROPAGATION_POLICY.context());
  }

  @Override
  protected List<String> serviceSettings() {
    return List.of(
        "hybrid.services.\"shop/web\".desktop.url=http://web-desktop.shop/healthz",
        "hybrid.services.\"shop/web\".gke.url=http://web.shop/healthz",
        "hybrid.services.\"shop/web\".placement.name=web",
        // Nothing reschedules here: a placement change is unconfirmed after 1 s.
        "hybrid.actuator.reschedule-timeout=1s",
        "hybrid.actuator.confirm-poll-interval=100ms");
  }

  @Override
  protected String spec() {
    return """
        resourceSelectors:
        - {apiVersion: apps/v1, kind: Deployment, name: web}
        placement:
        %s
        """
        .formatted(ORIGINAL.indent(2));
  }

  @Override
  protected void assertBackOnTheDesktop(GenericKubernetesResource policy) {
    assertEquals(
        YAML.unmarshal(ORIGINAL, Map.class),
        placement(policy),
        "the last command restores the original");
  }

  @Override
  protected void assertFailedOverToGke(GenericKubernetesResource policy) {
    assertEquals(
        "Duplicated",
        ((Map<?, ?>) placement(policy).get("replicaScheduling")).get("replicaSchedulingType"),
        "widened for GKE");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> placement(GenericKubernetesResource policy) {
    return (Map<String, Object>)
        ((Map<String, Object>) policy.getAdditionalProperties().get("spec")).get("placement");
  }
}
