package io.hybridfailover.placement.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hybridfailover.actuation.CommandRehearsal;
import io.hybridfailover.placement.policy.PlacementPlan;
import io.hybridfailover.placement.policy.PlacementTarget;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.context.ManagedExecutor;

/**
 * Rehearses the command path once, in the background right after start-up, as a dry run against
 * each policy: decoding a command, the fault-tolerant write (a read and a plan, no write),
 * serialising the planned policy and encoding a result (not sent). The first real failover then
 * does not pay for loading and initialising that code (about 0.5 s on a small node, measured in the
 * drills). Nothing is written and nothing is published.
 */
@ApplicationScoped
public class CommandPathWarmUp {

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
    return rehearsal.rehearse(
        targets.all(),
        PlacementTarget::service,
        PlacementTarget::describe,
        (target, command) -> {
          PlacementPlan plan =
              writer
                  .apply(
                      target,
                      command.placement(),
                      command.epoch(),
                      command.commandId(),
                      true,
                      new AtomicInteger(),
                      () -> 0L)
                  .plan();
          plan.write().ifPresent(desired -> client.getKubernetesSerialization().asJson(desired));
          return plan.detail();
        });
  }
}
