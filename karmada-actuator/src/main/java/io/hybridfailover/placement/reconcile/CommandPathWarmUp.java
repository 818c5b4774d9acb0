package io.hybridfailover.placement.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hybridfailover.actuation.CommandRehearsal;
import io.hybridfailover.events.Command;
import io.hybridfailover.placement.policy.PlacementTarget;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * Rehearses the command path once, in the background right after start-up, as a dry run against
 * each policy: decoding a command, the fault-tolerant write (a read and a plan, no write),
 * serialising the planned policy and encoding a result (not sent). The first real failover then
 * does not pay for loading and initialising that code (about 0.5 s on a small node, measured in the
 * drills). Nothing is written and nothing is published.
 */
@ApplicationScoped
public class CommandPathWarmUp {

  private static final Logger LOG = Logger.getLogger(CommandPathWarmUp.class);

  private final PlacementTargets targets;
  private final PlacementWriter writer;
  private final KubernetesClient client;
  private final CommandRehearsal rehearsal = new CommandRehearsal(ResultPublisher.ACTUATOR);

  CommandPathWarmUp(PlacementTargets targets, PlacementWriter writer, KubernetesClient client) {
    this.targets = targets;
    this.writer = writer;
    this.client = client;
  }

  void onStart(@Observes StartupEvent event, ManagedExecutor executor) {
    executor.runAsync(this::rehearse);
  }

  /** Rehearses now; returns against how many policies it got to a plan. */
  public int rehearse() {
    int rehearsed = 0;
    for (PlacementTarget target : targets.all()) {
      try {
        Command command = rehearsal.command(target.service());
        PlacementWriter.Written written =
            writer.apply(
                target,
                command.placement(),
                command.epoch(),
                command.commandId(),
                true,
                new AtomicInteger(),
                () -> 0L);
        written
            .plan()
            .write()
            .ifPresent(desired -> client.getKubernetesSerialization().asJson(desired));
        rehearsal.answer(command, target.describe(), written.plan().detail());
        rehearsed++;
      } catch (RuntimeException e) {
        // The API or the policy may not be there yet: the first command then pays, nothing more.
        LOG.debugf("warm-up against %s skipped: %s", target.describe(), e.toString());
      }
    }
    return rehearsed;
  }
}
