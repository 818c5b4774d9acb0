package io.hybridfailover.traffic.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hybridfailover.actuation.Ownership;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.Command;
import io.hybridfailover.traffic.routing.RoutingAnnotation;
import io.hybridfailover.traffic.routing.RoutingAnnotation.WrittenState;
import io.hybridfailover.traffic.routing.RoutingPlan;
import io.hybridfailover.traffic.routing.RoutingTarget;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Every drift interval, re-reads each managed routing object and restores the weights it should
 * have: the newest of what the object was last written for (its annotations) and the newest command
 * seen (one whose write gave up). A correction is published as a result with detail {@code drift
 * corrected}.
 */
@ApplicationScoped
public class DriftCorrector {

  private static final Logger LOG = Logger.getLogger(DriftCorrector.class);

  private final KubernetesClient client;
  private final RoutingTargets targets;
  private final RoutingWriter writer;
  private final ResultPublisher results;
  private final DesiredRouting desired;

  DriftCorrector(
      KubernetesClient client,
      RoutingTargets targets,
      RoutingWriter writer,
      ResultPublisher results,
      DesiredRouting desired) {
    this.client = client;
    this.targets = targets;
    this.writer = writer;
    this.results = results;
    this.desired = desired;
  }

  @Scheduled(
      every = "${hybrid.switcher.drift-interval:30s}",
      delayed = "${hybrid.switcher.drift-interval:30s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void correctDrift() {
    for (RoutingTarget target : targets.all()) {
      try {
        correct(target);
      } catch (RuntimeException e) {
        LOG.warnf("drift check of %s failed: %s", target.route().describe(target), e.toString());
      }
    }
  }

  /** Checks one object now; public for the drift tests. */
  public void correct(RoutingTarget target) {
    GenericKubernetesResource object = read(target);
    if (object == null || Ownership.notOptedIn(object, "").isPresent()) {
      return;
    }
    Optional<WrittenState> written = RoutingAnnotation.writtenState(object);
    Optional<Command> asked = desired.newest(target.service());
    long writtenEpoch = written.map(WrittenState::epoch).orElse(0L);
    if (asked.isPresent() && asked.get().epoch() > writtenEpoch) {
      Command command = asked.get();
      if (!command.dryRun()) {
        retry(target, command);
      }
      return;
    }
    if (written.isEmpty()) {
      return;
    }
    WrittenState state = written.get();
    AtomicInteger attempts = new AtomicInteger();
    RoutingPlan plan =
        writer.apply(
            target,
            state.routing(),
            state.epoch(),
            state.commandId(),
            false,
            attempts,
            () -> desired.newestEpoch(target.service(), state.epoch()));
    if (plan.outcome() == ActuationOutcome.APPLIED) {
      results.publish(
          state.commandId(),
          target.service(),
          state.epoch(),
          ActuationOutcome.APPLIED,
          target.route().describe(target),
          attempts.get(),
          "drift corrected: " + plan.detail());
    }
  }

  private void retry(RoutingTarget target, Command command) {
    AtomicInteger attempts = new AtomicInteger();
    RoutingPlan plan =
        writer.apply(
            target,
            command.routing(),
            command.epoch(),
            command.commandId(),
            false,
            attempts,
            () -> desired.newestEpoch(command.service(), command.epoch()));
    results.publish(
        command.commandId(),
        command.service(),
        command.epoch(),
        plan.outcome(),
        target.route().describe(target),
        attempts.get(),
        "applied on a later attempt cycle: " + plan.detail());
  }

  private GenericKubernetesResource read(RoutingTarget target) {
    try {
      return client
          .genericKubernetesResources(target.route().definition())
          .inNamespace(target.namespace())
          .withName(target.name())
          .get();
    } catch (KubernetesClientException e) {
      LOG.debugf("cannot read %s: %s", target.route().describe(target), e.getMessage());
      return null;
    }
  }
}
