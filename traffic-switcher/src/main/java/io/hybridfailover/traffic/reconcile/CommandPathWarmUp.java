package io.hybridfailover.traffic.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hybridfailover.actuation.CommandRehearsal;
import io.hybridfailover.traffic.routing.RoutingPlan;
import io.hybridfailover.traffic.routing.RoutingTarget;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.context.ManagedExecutor;

/**
 * Rehearses the command path once, in the background right after start-up, as a dry run against
 * each routing object: decoding a command, the fault-tolerant write (a read and a plan, no write),
 * serialising the planned object and encoding a result (not sent). The first real failover then
 * does not pay for loading and initialising that code: about 0.5 s on a small node, measured in the
 * drills, a third of the failover budget. Nothing is written and nothing is published.
 */
@ApplicationScoped
public class CommandPathWarmUp {

  private final RoutingTargets targets;
  private final RoutingWriter writer;
  private final KubernetesClient client;
  private final CommandRehearsal rehearsal = new CommandRehearsal(ResultPublisher.ACTUATOR);

  CommandPathWarmUp(RoutingTargets targets, RoutingWriter writer, KubernetesClient client) {
    this.targets = targets;
    this.writer = writer;
    this.client = client;
  }

  void onStart(@Observes StartupEvent event, ManagedExecutor executor) {
    executor.runAsync(this::rehearse);
  }

  /** Rehearses now; returns against how many routing objects it got to a plan. */
  public int rehearse() {
    return rehearsal.rehearse(
        targets.all(),
        RoutingTarget::service,
        target -> target.route().describe(target),
        (target, command) -> {
          RoutingPlan plan =
              writer.apply(
                  target,
                  command.routing(),
                  command.epoch(),
                  command.commandId(),
                  true,
                  new AtomicInteger(),
                  () -> 0L);
          plan.write().ifPresent(desired -> client.getKubernetesSerialization().asJson(desired));
          return plan.detail();
        });
  }
}
