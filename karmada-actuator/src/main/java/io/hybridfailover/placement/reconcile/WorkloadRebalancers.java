package io.hybridfailover.placement.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.hybridfailover.actuation.ApiErrors;
import io.hybridfailover.actuation.Ownership;
import io.hybridfailover.actuation.RetryableWriteException;
import io.hybridfailover.placement.ActuatorConfig;
import io.hybridfailover.placement.policy.PlacementTarget;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Asks Karmada to reschedule a workload now: a cluster-scoped {@code WorkloadRebalancer} naming it,
 * one per service and epoch, so that a replayed command finds it already there.
 */
@ApplicationScoped
public class WorkloadRebalancers {

  /** The longest a creation with all its retries may take. */
  public static final long CREATE_BUDGET_MS = 5_000;

  /** What a result says when the API server has no WorkloadRebalancer (Karmada 1.9 or earlier). */
  public static final String NEEDS_1_10 = "WorkloadRebalancer needs Karmada 1.10 or later";

  static final ResourceDefinitionContext REBALANCERS =
      new ResourceDefinitionContext.Builder()
          .withGroup("apps.karmada.io")
          .withVersion("v1alpha1")
          .withKind("WorkloadRebalancer")
          .withPlural("workloadrebalancers")
          .withNamespaced(false)
          .build();

  private final KubernetesClient client;
  private final long ttlSeconds;

  WorkloadRebalancers(KubernetesClient client, ActuatorConfig config) {
    this.client = client;
    this.ttlSeconds = config.rebalancerTtl().toSeconds();
  }

  /** {@code shop-web-12} for service {@code shop/web} at epoch 12. */
  public static String name(String service, long epoch) {
    return service.replace('/', '-') + "-" + epoch;
  }

  /**
   * @return what happened, for the result: created, or already there
   * @throws RetryableWriteException when the retry budget is spent
   * @throws KubernetesClientException on an error that another try would not cure
   */
  @Retry(
      maxRetries = 3,
      delay = 200,
      maxDuration = CREATE_BUDGET_MS,
      retryOn = RetryableWriteException.class)
  @ExponentialBackoff(maxDelay = 2_000)
  public String create(PlacementTarget target, long epoch, String commandId) {
    String name = name(target.service(), epoch);
    try {
      client
          .genericKubernetesResources(REBALANCERS)
          .resource(rebalancer(target, name, epoch, commandId))
          .create();
      return "WorkloadRebalancer " + name + " created";
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return "WorkloadRebalancer " + name + " already exists";
      }
      if (e.getCode() == 404) {
        return NEEDS_1_10
            + " (the Karmada API server has no workloadrebalancers.apps.karmada.io: "
            + ApiErrors.describe(e)
            + ")";
      }
      if (ApiErrors.retryable(e)) {
        throw new RetryableWriteException(
            "WorkloadRebalancer " + name + ": " + ApiErrors.describe(e), e);
      }
      throw e;
    }
  }

  /** When the rebalancer of {@code service} at {@code epoch} was created, if it exists. */
  public java.util.Optional<java.time.Instant> createdAt(String service, long epoch) {
    GenericKubernetesResource rebalancer =
        client.genericKubernetesResources(REBALANCERS).withName(name(service, epoch)).get();
    if (rebalancer == null || rebalancer.getMetadata().getCreationTimestamp() == null) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        java.time.Instant.parse(rebalancer.getMetadata().getCreationTimestamp()));
  }

  private GenericKubernetesResource rebalancer(
      PlacementTarget target, String name, long epoch, String commandId) {
    Map<String, Object> workload = new LinkedHashMap<>();
    workload.put("apiVersion", target.workloadApiVersion());
    workload.put("kind", target.workloadKind());
    workload.put("name", target.workloadName());
    workload.put("namespace", target.workloadNamespace());
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("workloads", List.of(workload));
    spec.put("ttlSecondsAfterFinished", ttlSeconds);
    GenericKubernetesResource rebalancer = new GenericKubernetesResource();
    rebalancer.setApiVersion(REBALANCERS.getGroup() + "/" + REBALANCERS.getVersion());
    rebalancer.setKind(REBALANCERS.getKind());
    rebalancer.setMetadata(new ObjectMetaBuilder().withName(name).build());
    rebalancer.setAdditionalProperty("spec", spec);
    Ownership.stamp(rebalancer, epoch, commandId, Map.of());
    return rebalancer;
  }
}
