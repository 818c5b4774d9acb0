package io.hybridfailover.actuation;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hybridfailover.actuation.ReconcileLoop.Asked;
import io.hybridfailover.actuation.ReconcileLoop.Reconciliation;
import io.hybridfailover.actuation.WriteAttempts.Attempts;
import io.hybridfailover.actuation.WriteAttempts.Written;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.Command;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * One desired state for one target, from what is asked to its answer: the write ({@link
 * WriteAttempts}), the actuator's confirmation if it has one, and one result that says both ({@link
 * ResultPublisher}). Commands, drift checks and later attempt cycles all come through here.
 */
final class Reconciler<T extends Target, A> {

  private final Actuator<T, A> actuator;
  private final WriteAttempts<T, A> writes;
  private final ResultPublisher results;
  private final NewestCommands newest;

  Reconciler(
      Actuator<T, A> actuator,
      WriteAttempts<T, A> writes,
      ResultPublisher results,
      NewestCommands newest) {
    this.actuator = actuator;
    this.writes = writes;
    this.results = results;
    this.newest = newest;
  }

  /** What {@code command} asks of this actuator's targets. */
  Asked<A> asked(Command command, boolean dryRun, Instant received) {
    return new Asked<>(
        command.service(),
        command.commandId(),
        command.epoch(),
        actuator.asked(command),
        dryRun,
        received);
  }

  /** See {@link ReconcileLoop#reconcile}; runs with the command's log fields set. */
  Reconciliation reconcile(
      T target, Asked<A> asked, String context, Set<ActuationOutcome> reported) {
    try (CommandLogFields fields =
        CommandLogFields.of(asked.service(), asked.epoch(), asked.commandId())) {
      return writeAndAnswer(target, asked, context, reported);
    }
  }

  private Reconciliation writeAndAnswer(
      T target, Asked<A> asked, String context, Set<ActuationOutcome> reported) {
    Attempts attempts = new Attempts();
    Written written;
    try {
      written = writes.write(target, asked, attempts);
    } catch (RetryableWriteException | KubernetesClientException e) {
      String failure = WriteAttempts.failure(target, attempts, e);
      return results.answer(
          target, asked, attempts, ActuationOutcome.FAILED, context, failure, reported);
    }
    ActuationOutcome outcome = written.plan().outcome();
    String planned = written.plan().detail();
    if (asked.dryRun()) {
      String dryRun = "dry run, nothing written: " + context;
      return results.answer(target, asked, attempts, outcome, dryRun, planned, reported);
    }
    Optional<CompletionStage<String>> confirmation =
        outcome == ActuationOutcome.APPLIED
            ? actuator.confirm(
                target,
                written.stored(),
                asked.state(),
                asked.epoch(),
                asked.commandId(),
                () -> newest.newestEpoch(asked.service(), asked.epoch()))
            : Optional.empty();
    if (confirmation.isEmpty()) {
      return results.answer(target, asked, attempts, outcome, context, planned, reported);
    }
    return new Reconciliation(
        confirmation
            .get()
            .thenCompose(
                confirmed ->
                    results.publish(
                        target, asked, attempts, outcome, context + planned + "; " + confirmed)),
        true);
  }
}
