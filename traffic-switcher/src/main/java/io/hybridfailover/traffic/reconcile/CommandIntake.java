package io.hybridfailover.traffic.reconcile;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hybridfailover.actuation.ApiErrors;
import io.hybridfailover.actuation.RetryableWriteException;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.traffic.TrafficSwitcherChannels;
import io.hybridfailover.traffic.routing.RoutingPlan;
import io.hybridfailover.traffic.routing.RoutingTarget;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reconciles each service's routing object to every command and answers with one result. The
 * command's offset is committed only once its result is on the results topic, so a restart re-reads
 * what was not answered; applying a command again is UNCHANGED (or STALE), never a second change,
 * because the object carries the epoch it was written with.
 *
 * <p>A record that is not a valid command makes the handler throw; the dead-letter-queue strategy
 * copies it to {@code <topic>.dlq} with the reason, and consumption goes on.
 */
@ApplicationScoped
public class CommandIntake {

  private static final Logger LOG = Logger.getLogger(CommandIntake.class);

  private final EventCodec codec = new EventCodec();
  private final RoutingTargets targets;
  private final RoutingWriter writer;
  private final ResultPublisher results;
  private final DesiredRouting desired;

  CommandIntake(
      RoutingTargets targets,
      RoutingWriter writer,
      ResultPublisher results,
      DesiredRouting desired) {
    this.targets = targets;
    this.writer = writer;
    this.results = results;
    this.desired = desired;
  }

  @Incoming(TrafficSwitcherChannels.COMMANDS)
  @Blocking
  public CompletionStage<Void> onCommand(byte[] record) {
    Command command = codec.decode(record, Command.class).data();
    desired.offer(command);
    Optional<RoutingTarget> target = targets.forService(command.service());
    if (target.isEmpty()) {
      return results.publish(
          command.commandId(),
          command.service(),
          command.epoch(),
          ActuationOutcome.REFUSED,
          "service " + command.service(),
          1,
          command.service()
              + " is not in the service list (hybrid.services): traffic-switcher changes only"
              + " the objects it is given");
    }
    RoutingTarget routed = target.get();
    String resource = routed.route().describe(routed);
    AtomicInteger attempts = new AtomicInteger();
    ActuationOutcome outcome;
    String detail;
    try {
      RoutingPlan plan =
          writer.apply(
              routed,
              command.routing(),
              command.epoch(),
              command.commandId(),
              command.dryRun(),
              attempts,
              () -> desired.newestEpoch(command.service(), command.epoch()));
      outcome = plan.outcome();
      detail = command.dryRun() ? "dry run, nothing written: " + plan.detail() : plan.detail();
    } catch (RetryableWriteException e) {
      outcome = ActuationOutcome.FAILED;
      detail =
          "gave up after "
              + attempts.get()
              + " attempts: "
              + e.getMessage()
              + "; the drift check retries every cycle";
    } catch (KubernetesClientException e) {
      // Not worth a retry (403, 404 of the API, 422): a valid command that failed, not a bad
      // record, so it is answered, not dead-lettered.
      outcome = ActuationOutcome.FAILED;
      detail = resource + ": " + ApiErrors.describe(e);
    }
    LOG.infof(
        "%s epoch %d: %s %s (%s)", command.service(), command.epoch(), outcome, resource, detail);
    return results.publish(
        command.commandId(),
        command.service(),
        command.epoch(),
        outcome,
        resource,
        attempts.get(),
        detail);
  }
}
