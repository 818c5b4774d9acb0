package io.hybridfailover.actuation;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hybridfailover.actuation.ReconcileLoop.Asked;
import io.hybridfailover.events.ActuationOutcome;
import io.smallrye.faulttolerance.api.Guard;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The write of one desired state to one target, with its retries: each attempt reads, plans, checks
 * that no newer command superseded it, and writes; the first attempt of a real command starts from
 * the watched copy instead of a read. Conflicts, 5xx and timeouts are retried (about 3 s of backoff
 * over 6 attempts, within {@link ReconcileLoop#WRITE_BUDGET_MS}); anything else ends the write at
 * once.
 */
final class WriteAttempts<T extends Target, A> {

  /** The loop's parts log under the loop's category, so one setting governs them all. */
  private static final Logger LOG = Logger.getLogger(ReconcileLoop.class);

  /** Attempts made, and the epoch the object carried at the last read; for the result. */
  static final class Attempts {
    int count;
    Long resourceEpoch;
  }

  /** The plan, and the object as the API server stored it if it was written. */
  record Written(Plan plan, GenericKubernetesResource stored) {}

  private final Actuator<T, A> actuator;
  private final TargetObjects objects;
  private final WatchedObjects watched;
  private final NewestCommands newest;
  private final Guard retries;

  WriteAttempts(
      Actuator<T, A> actuator,
      TargetObjects objects,
      WatchedObjects watched,
      NewestCommands newest) {
    this.actuator = actuator;
    this.objects = objects;
    this.watched = watched;
    this.newest = newest;
    this.retries =
        Guard.create()
            .withDescription(actuator.name() + " write")
            .withRetry()
            .maxRetries(5)
            .delay(100, ChronoUnit.MILLIS)
            .jitter(50, ChronoUnit.MILLIS)
            .maxDuration(ReconcileLoop.WRITE_BUDGET_MS, ChronoUnit.MILLIS)
            .retryOn(RetryableWriteException.class)
            .withExponentialBackoff()
            .maxDelay(3_000, ChronoUnit.MILLIS)
            .done()
            .done()
            .build();
  }

  /**
   * Writes what is asked (a dry run only plans), on the caller's thread, counting into {@code
   * attempts}.
   *
   * @throws RetryableWriteException when the retries gave up
   * @throws KubernetesClientException when the API answered what no retry changes (403, 422, ...)
   */
  Written write(T target, Asked<A> asked, Attempts attempts) {
    return retries.get(() -> attempt(target, asked, attempts), Written.class);
  }

  /** Why a write failed, for a FAILED result. */
  static String failure(Target target, Attempts attempts, RuntimeException e) {
    if (e instanceof KubernetesClientException api) {
      // Not worth a retry (403, 404 of the API, 422): a valid command that failed, not a bad
      // record, so it is answered, not dead-lettered.
      return target.describe()
          + ": "
          + ApiErrors.describe(api)
          + " (not retried now; the drift check retries every cycle)";
    }
    return "gave up after "
        + attempts.count
        + " attempts: "
        + e.getMessage()
        + "; the drift check retries every cycle";
  }

  /**
   * One attempt: read, plan, superseded?, write. The first attempt of a real command starts from
   * the watched copy when there is one (see {@link #writeFromWatched}).
   */
  private Written attempt(T target, Asked<A> asked, Attempts attempts) {
    attempts.count++;
    try {
      if (attempts.count == 1 && !asked.dryRun()) {
        Optional<Written> written = writeFromWatched(target, asked, attempts);
        if (written.isPresent()) {
          return written.get();
        }
      }
      Plan plan = plan(objects.resource(target).get(), target, asked);
      attempts.resourceEpoch = plan.resourceEpoch();
      // On every attempt, the first included: a newer command for the service (seen by the
      // intake, or read back at start-up) is applied in its own turn, and this one must not
      // overwrite it. The object's own fence, when it refuses, says more.
      long newer = newest.newestEpoch(asked.service(), asked.epoch());
      if (newer > asked.epoch() && plan.outcome() != ActuationOutcome.STALE) {
        return new Written(
            Plan.superseded(target, asked.epoch(), newer, plan.resourceEpoch()), null);
      }
      if (asked.dryRun() || plan.write().isEmpty()) {
        return new Written(plan, null);
      }
      return new Written(plan, objects.objects(target).resource(plan.desired()).update());
    } catch (KubernetesClientException e) {
      if (ApiErrors.retryable(e)) {
        LOG.debugf("retrying %s: %s", target.describe(), e.getMessage());
        throw new RetryableWriteException(target.describe() + ": " + ApiErrors.describe(e), e);
      }
      throw e;
    }
  }

  /**
   * The write without the read: planned from the watched copy and sent at once, with the copy's
   * resourceVersion, so the API server accepts it only if the copy was the object as it stands (a
   * 409 is then retried from a fresh read, as any conflict). Everything that is not a write (no
   * change needed, a fence, a refusal, a newer command) is decided from a fresh read instead, as is
   * a write to an object that is gone (404: the watch had not told yet).
   *
   * @return the write made, if any
   */
  private Optional<Written> writeFromWatched(T target, Asked<A> asked, Attempts attempts) {
    Optional<GenericKubernetesResource> copy = watched.latest(target);
    if (copy.isEmpty()) {
      return Optional.empty();
    }
    Plan plan = plan(copy.get(), target, asked);
    if (plan.write().isEmpty()
        || newest.newestEpoch(asked.service(), asked.epoch()) > asked.epoch()) {
      return Optional.empty();
    }
    try {
      GenericKubernetesResource stored = objects.objects(target).resource(plan.desired()).update();
      attempts.resourceEpoch = plan.resourceEpoch();
      return Optional.of(new Written(plan, stored));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The kind's plan for what is asked of the object {@code current} (read or watched). */
  private Plan plan(GenericKubernetesResource current, T target, Asked<A> asked) {
    return Plan.of(
        current, target, asked.state(), asked.epoch(), asked.commandId(), actuator.desired(target));
  }
}
