package io.hybridfailover.placement.reconcile;

import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.placement.ActuatorConfig;
import io.hybridfailover.placement.KarmadaActuatorChannels;
import io.hybridfailover.placement.policy.PlacementTarget;
import io.hybridfailover.placement.reconcile.PlacementReconciler.Desired;
import io.hybridfailover.placement.reconcile.PlacementReconciler.Reconciliation;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reconciles each service's policy to every command and answers with one result. A command is
 * acknowledged (its offset becomes committable) only once its result is on the results topic, so a
 * restart re-reads what was not answered; applying a command again is UNCHANGED (or STALE), never a
 * second change, because the policy carries the epoch it was written with.
 *
 * <p>Writes happen here, in order. A placement change is then confirmed on the ResourceBinding,
 * which may take the whole reschedule timeout: the next command is taken meanwhile, and this one is
 * acknowledged when its result (with the confirmation) is out. The commit strategy tolerates such
 * late, out-of-order acknowledgements, within {@value #MAX_AGE_KEY}.
 *
 * <p>A record that is not a valid command is nacked: the dead-letter-queue strategy copies it to
 * {@code <topic>.dlq} with the reason, and consumption goes on.
 */
@ApplicationScoped
public class CommandIntake {

  static final String MAX_AGE_KEY =
      "mp.messaging.incoming.commands.throttled.unprocessed-record-max-age.ms";

  private static final Logger LOG = Logger.getLogger(CommandIntake.class);

  private final EventCodec codec = new EventCodec();
  private final PlacementTargets targets;
  private final PlacementReconciler reconciler;
  private final ResultPublisher results;
  private final DesiredPlacement desired;

  CommandIntake(
      PlacementTargets targets,
      PlacementReconciler reconciler,
      ResultPublisher results,
      DesiredPlacement desired,
      ActuatorConfig actuator,
      Config config) {
    this.targets = targets;
    this.reconciler = reconciler;
    this.results = results;
    this.desired = desired;
    requireRoomForConfirmation(
        actuator.rescheduleTimeout(),
        actuator.confirmPollInterval(),
        config.getOptionalValue(MAX_AGE_KEY, Long.class));
  }

  @Incoming(KarmadaActuatorChannels.COMMANDS)
  @Blocking
  public CompletionStage<Void> onCommand(Message<byte[]> message) {
    Command command;
    try {
      command = codec.decode(message.getPayload(), Command.class).data();
    } catch (RuntimeException e) {
      return message.nack(e);
    }
    desired.offer(command);
    Optional<PlacementTarget> target = targets.forService(command.service());
    Reconciliation reconciliation =
        target
            .map(
                placed ->
                    reconciler.reconcile(
                        placed,
                        new Desired(
                            command.service(),
                            command.commandId(),
                            command.epoch(),
                            command.placement(),
                            command.dryRun()),
                        "",
                        EnumSet.allOf(ActuationOutcome.class)))
            .orElseGet(() -> new Reconciliation(refuse(command), false));
    CompletionStage<Void> acknowledged =
        reconciliation
            .published()
            .handle((ok, failure) -> failure == null ? message.ack() : message.nack(failure))
            .thenCompose(ack -> ack);
    // Quick answers hold the consumer until the broker has them; a confirmation does not.
    return reconciliation.confirming() ? CompletableFuture.completedFuture(null) : acknowledged;
  }

  private CompletionStage<Void> refuse(Command command) {
    String detail =
        command.service()
            + " has no placement in the service list (hybrid.services): "
            + ResultPublisher.ACTUATOR
            + " changes only the policies it is given";
    LOG.infof("%s epoch %d: REFUSED (%s)", command.service(), command.epoch(), detail);
    return results.publish(
        command.commandId(),
        command.service(),
        command.epoch(),
        ActuationOutcome.REFUSED,
        "service " + command.service(),
        1,
        detail);
  }

  /**
   * A command whose confirmation is still running is not acknowledged; the Kafka connector reports
   * the channel unhealthy when a record stays unacknowledged longer than {@value #MAX_AGE_KEY}
   * (default 60 s), so that must cover a write, the reschedule timeout and a rebalancer.
   */
  static void requireRoomForConfirmation(
      Duration rescheduleTimeout, Duration pollInterval, Optional<Long> maxAgeMs) {
    long allowed = maxAgeMs.orElse(60_000L);
    Duration needed =
        Duration.ofMillis(PlacementWriter.WRITE_BUDGET_MS + WorkloadRebalancers.CREATE_BUDGET_MS)
            .plus(rescheduleTimeout)
            .plus(pollInterval);
    if (allowed > 0 && allowed < needed.toMillis()) {
      throw new IllegalStateException(
          MAX_AGE_KEY
              + "="
              + allowed
              + " is too small: a command may stay unacknowledged for "
              + needed.toMillis()
              + " ms (write retries + hybrid.actuator.reschedule-timeout + a WorkloadRebalancer)");
    }
  }
}
