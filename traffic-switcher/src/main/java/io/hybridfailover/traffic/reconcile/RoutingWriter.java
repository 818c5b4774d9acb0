package io.hybridfailover.traffic.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.hybridfailover.actuation.ApiErrors;
import io.hybridfailover.actuation.RetryableWriteException;
import io.hybridfailover.events.Routing;
import io.hybridfailover.traffic.routing.RoutingPlan;
import io.hybridfailover.traffic.routing.RoutingTarget;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

/**
 * Reads a routing object, plans, and writes the planned object with optimistic concurrency (an
 * update carries the resourceVersion it was read at, so a concurrent edit is a 409, never lost).
 * Conflicts, 5xx and timeouts are retried with backoff from a fresh read, until the write succeeds,
 * the retry budget is spent, or a newer epoch for the service has arrived.
 */
@ApplicationScoped
public class RoutingWriter {

  private static final Logger LOG = Logger.getLogger(RoutingWriter.class);

  private final KubernetesClient client;

  RoutingWriter(KubernetesClient client) {
    this.client = client;
  }

  /**
   * @param attempts counts the attempts made, for the result
   * @param newestEpoch the newest epoch known for the service: once it passes {@code epoch}, this
   *     write is superseded and stops retrying
   * @throws RetryableWriteException when the retry budget is spent
   */
  @Retry(
      maxRetries = 5,
      delay = 100,
      jitter = 50,
      maxDuration = 20_000,
      retryOn = RetryableWriteException.class)
  @ExponentialBackoff(maxDelay = 3_000)
  public RoutingPlan apply(
      RoutingTarget target,
      Routing routing,
      long epoch,
      String commandId,
      boolean dryRun,
      AtomicInteger attempts,
      LongSupplier newestEpoch) {
    // The first attempt is judged by the object alone (the fence); a retry stops once a newer
    // command for the service has arrived, which will be applied in its own turn.
    if (attempts.incrementAndGet() > 1 && newestEpoch.getAsLong() > epoch) {
      return RoutingPlan.superseded(target, epoch, newestEpoch.getAsLong());
    }
    Resource<GenericKubernetesResource> resource = resource(target);
    try {
      RoutingPlan plan = RoutingPlan.plan(resource.get(), target, routing, epoch, commandId);
      if (dryRun || plan.write().isEmpty()) {
        return plan;
      }
      client
          .genericKubernetesResources(target.route().definition())
          .inNamespace(target.namespace())
          .resource(plan.desired())
          .update();
      return plan;
    } catch (KubernetesClientException e) {
      if (ApiErrors.retryable(e)) {
        LOG.debugf("retrying %s: %s", target.route().describe(target), e.getMessage());
        throw new RetryableWriteException(
            target.route().describe(target) + ": " + ApiErrors.describe(e), e);
      }
      throw e;
    }
  }

  private Resource<GenericKubernetesResource> resource(RoutingTarget target) {
    return client
        .genericKubernetesResources(target.route().definition())
        .inNamespace(target.namespace())
        .withName(target.name());
  }
}
