package io.hybridfailover.placement.reconcile;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hybridfailover.actuation.ApiErrors;
import io.hybridfailover.actuation.RetryableWriteException;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.Placement;
import io.hybridfailover.placement.policy.BindingCheck;
import io.hybridfailover.placement.policy.PlacementTarget;
import io.hybridfailover.placement.reconcile.PlacementWriter.Written;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * One desired placement for one policy: write it (on the caller's thread, with retries), then, if
 * the placement changed, confirm it on the ResourceBinding (off the caller's thread), then publish
 * one result that says both.
 */
@ApplicationScoped
public class PlacementReconciler {

  private static final Logger LOG = Logger.getLogger(PlacementReconciler.class);

  private final PlacementWriter writer;
  private final BindingConfirmer confirmer;
  private final ResultPublisher results;
  private final DesiredPlacement desired;

  PlacementReconciler(
      PlacementWriter writer,
      BindingConfirmer confirmer,
      ResultPublisher results,
      DesiredPlacement desired) {
    this.writer = writer;
    this.confirmer = confirmer;
    this.results = results;
    this.desired = desired;
  }

  /** What is asked for: a command, or what a policy says it was last written for. */
  public record Desired(
      String service, String commandId, long epoch, Placement placement, boolean dryRun) {}

  /**
   * @param published completes once the result is on the results topic (or was not to be sent)
   * @param confirming whether a binding confirmation is running, which may take the whole
   *     reschedule timeout
   */
  public record Reconciliation(CompletionStage<Void> published, boolean confirming) {}

  /**
   * @param context prefixes the result's detail, e.g. {@code drift corrected: }
   * @param reported the outcomes worth a result: a drift check that finds nothing to do, or that
   *     fails again where a result already said so, stays quiet
   */
  public Reconciliation reconcile(
      PlacementTarget target, Desired asked, String context, Set<ActuationOutcome> reported) {
    AtomicInteger attempts = new AtomicInteger();
    LongSupplier newestEpoch = () -> desired.newestEpoch(asked.service(), asked.epoch());
    Written written;
    try {
      written =
          writer.apply(
              target,
              asked.placement(),
              asked.epoch(),
              asked.commandId(),
              asked.dryRun(),
              attempts,
              newestEpoch);
    } catch (RetryableWriteException e) {
      return answer(
          target,
          asked,
          attempts,
          ActuationOutcome.FAILED,
          context
              + "gave up after "
              + attempts.get()
              + " attempts: "
              + e.getMessage()
              + "; the drift check retries every cycle",
          reported);
    } catch (KubernetesClientException e) {
      return answer(
          target,
          asked,
          attempts,
          ActuationOutcome.FAILED,
          context
              + target.describe()
              + ": "
              + ApiErrors.describe(e)
              + " (not retried now; the drift check retries every cycle)",
          reported);
    }
    ActuationOutcome outcome = written.plan().outcome();
    String detail = context + written.plan().detail();
    if (asked.dryRun()) {
      return answer(
          target, asked, attempts, outcome, "dry run, nothing written: " + detail, reported);
    }
    if (outcome != ActuationOutcome.APPLIED) {
      return answer(target, asked, attempts, outcome, detail, reported);
    }
    CompletionStage<Void> published =
        confirmer
            .confirm(
                target,
                BindingCheck.Expected.of(written.stored(), target, asked.placement()),
                asked.epoch(),
                asked.commandId(),
                newestEpoch)
            .thenCompose(
                confirmation ->
                    publish(target, asked, attempts, outcome, detail + "; " + confirmation));
    return new Reconciliation(published, true);
  }

  private Reconciliation answer(
      PlacementTarget target,
      Desired asked,
      AtomicInteger attempts,
      ActuationOutcome outcome,
      String detail,
      Set<ActuationOutcome> reported) {
    if (!reported.contains(outcome)) {
      return new Reconciliation(CompletableFuture.completedFuture(null), false);
    }
    return new Reconciliation(publish(target, asked, attempts, outcome, detail), false);
  }

  private CompletionStage<Void> publish(
      PlacementTarget target,
      Desired asked,
      AtomicInteger attempts,
      ActuationOutcome outcome,
      String detail) {
    LOG.infof(
        "%s epoch %d: %s %s (%s)",
        asked.service(), asked.epoch(), outcome, target.describe(), detail);
    return results.publish(
        asked.commandId(),
        asked.service(),
        asked.epoch(),
        outcome,
        target.describe(),
        attempts.get(),
        detail);
  }
}
