package io.hybridfailover.actuation;

import io.hybridfailover.actuation.ReconcileLoop.Asked;
import io.hybridfailover.actuation.ReconcileLoop.Reconciliation;
import io.hybridfailover.actuation.WriteAttempts.Attempts;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.micrometer.core.instrument.Metrics;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Answers: one result per command (and per drift correction) on the actuator's results channel, its
 * log line, and its count in {@code hybrid.actuator.results} (the alerts and the dashboard in
 * deploy/monitoring count outcomes per actuator and service).
 */
final class ResultPublisher {

  /** The loop's parts log under the loop's category, so one setting governs them all. */
  private static final Logger LOG = Logger.getLogger(ReconcileLoop.class);

  private final String actuator;
  private final ResultEvents events;
  private final Function<Event<ActuationResult>, CompletionStage<Void>> send;

  /**
   * @param send publishes a result on the actuator's results channel; completes once the broker has
   *     it
   */
  ResultPublisher(
      String actuator,
      String instanceId,
      Function<Event<ActuationResult>, CompletionStage<Void>> send) {
    this.actuator = actuator;
    this.events = new ResultEvents(actuator, instanceId);
    this.send = send;
  }

  /**
   * Publishes the outcome if it is worth a result; otherwise only logs it.
   *
   * @param context prefixes the result's detail ({@code drift corrected: }); left out of the log
   *     line of an outcome not worth a result, where it would say that something was corrected or
   *     applied when nothing was
   * @param detail what happened to the object
   * @param reported the outcomes worth a result
   */
  Reconciliation answer(
      Target target,
      Asked<?> asked,
      Attempts attempts,
      ActuationOutcome outcome,
      String context,
      String detail,
      Set<ActuationOutcome> reported) {
    if (!reported.contains(outcome)) {
      // A drift check that found the object as asked is routine (DEBUG); a write that failed again
      // after a result said so is still worth a line each cycle.
      LOG.logf(
          outcome == ActuationOutcome.FAILED ? Logger.Level.INFO : Logger.Level.DEBUG,
          "%s again, no new result (%s)",
          outcome,
          detail);
      return new Reconciliation(CompletableFuture.completedFuture(null), false);
    }
    return new Reconciliation(publish(target, asked, attempts, outcome, context + detail), false);
  }

  /**
   * Publishes the result of a reconciliation; may run on the thread that completed a confirmation,
   * so it sets the command's log fields itself.
   */
  CompletionStage<Void> publish(
      Target target, Asked<?> asked, Attempts attempts, ActuationOutcome outcome, String detail) {
    try (CommandLogFields fields =
        CommandLogFields.of(asked.service(), asked.epoch(), asked.commandId())) {
      LOG.infof("%s %s (%s)", outcome, target.describe(), detail);
    }
    Metrics.counter(
            "hybrid.actuator.results",
            "actuator",
            actuator,
            "service",
            asked.service(),
            "outcome",
            outcome.wireName())
        .increment();
    return send.apply(
        events.of(
            asked.commandId(),
            asked.service(),
            asked.epoch(),
            outcome,
            target.describe(),
            attempts.count,
            detail,
            attempts.resourceEpoch,
            asked.receivedAt()));
  }

  /** Refuses a command for a service the actuator has no target for. */
  CompletionStage<Void> refuse(Command command, String detail, Instant received) {
    LOG.infof("REFUSED (%s)", detail);
    return send.apply(
        events.of(
            command.commandId(),
            command.service(),
            command.epoch(),
            ActuationOutcome.REFUSED,
            "service " + command.service(),
            1,
            detail,
            null,
            received));
  }
}
