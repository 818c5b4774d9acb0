package io.hybridfailover.placement.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.hybridfailover.actuation.ApiErrors;
import io.hybridfailover.actuation.RetryableWriteException;
import io.hybridfailover.events.Placement;
import io.hybridfailover.placement.policy.PlacementPlan;
import io.hybridfailover.placement.policy.PlacementTarget;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

/**
 * Reads a policy, plans, and writes the planned policy with optimistic concurrency (an update
 * carries the resourceVersion it was read at, so a concurrent edit is a 409, never lost).
 * Conflicts, 5xx and timeouts are retried with backoff from a fresh read, until the write succeeds,
 * the retry budget is spent, or a newer epoch for the service has arrived.
 */
@ApplicationScoped
public class PlacementWriter {

  /** The longest a write with all its retries may take. */
  public static final long WRITE_BUDGET_MS = 20_000;

  private static final Logger LOG = Logger.getLogger(PlacementWriter.class);

  private final KubernetesClient client;

  PlacementWriter(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The plan, and the policy as the API server stored it if it was written.
   *
   * @param stored what the update returned (with any defaults the server added), or {@code null}
   */
  public record Written(PlacementPlan plan, GenericKubernetesResource stored) {}

  /**
   * @param attempts counts the attempts made, for the result
   * @param newestEpoch the newest epoch known for the service: once it passes {@code epoch}, this
   *     write is superseded and stops retrying
   * @throws RetryableWriteException when the retry budget is spent
   * @throws KubernetesClientException on an error that another try would not cure (e.g. 403)
   */
  @Retry(
      maxRetries = 5,
      delay = 100,
      jitter = 50,
      maxDuration = WRITE_BUDGET_MS,
      retryOn = RetryableWriteException.class)
  @ExponentialBackoff(maxDelay = 3_000)
  public Written apply(
      PlacementTarget target,
      Placement placement,
      long epoch,
      String commandId,
      boolean dryRun,
      AtomicInteger attempts,
      LongSupplier newestEpoch) {
    attempts.incrementAndGet();
    long newest = newestEpoch.getAsLong();
    if (newest > epoch) {
      return new Written(PlacementPlan.superseded(target, epoch, newest), null);
    }
    try {
      GenericKubernetesResource current = policies(client, target).withName(target.name()).get();
      PlacementPlan plan = PlacementPlan.plan(current, target, placement, epoch, commandId);
      if (dryRun || plan.write().isEmpty()) {
        return new Written(plan, null);
      }
      return new Written(plan, policies(client, target).resource(plan.desired()).update());
    } catch (KubernetesClientException e) {
      if (ApiErrors.retryable(e)) {
        LOG.debugf("retrying %s: %s", target.describe(), e.getMessage());
        throw new RetryableWriteException(target.describe() + ": " + ApiErrors.describe(e), e);
      }
      throw e;
    }
  }

  /** The policies of the target's kind, in its namespace if they are namespaced. */
  static NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      policies(KubernetesClient client, PlacementTarget target) {
    MixedOperation<
            GenericKubernetesResource,
            GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>>
        all = client.genericKubernetesResources(target.kind().context());
    return target.kind().namespaced() ? all.inNamespace(target.namespace()) : all;
  }
}
