package io.hybridfailover.placement.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hybridfailover.actuation.Ownership;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Placement;
import io.hybridfailover.placement.policy.PlacementPlan;
import io.hybridfailover.placement.policy.PlacementTarget;
import io.hybridfailover.placement.reconcile.PlacementReconciler.Desired;
import io.hybridfailover.placement.reconcile.PlacementReconciler.Reconciliation;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Every drift interval, re-reads each managed policy. A command newer than what the policy was last
 * written for (one whose write gave up) is applied again; a policy widened for GKE whose placement
 * someone edited is widened again, from what the policy itself carries (its epoch, command id and
 * saved original), so this also works right after a restart.
 */
@ApplicationScoped
public class DriftCorrector {

  private static final Logger LOG = Logger.getLogger(DriftCorrector.class);

  /** A retry that fails again already has its FAILED result. */
  private static final Set<ActuationOutcome> RETRY_REPORTS =
      EnumSet.complementOf(EnumSet.of(ActuationOutcome.FAILED));

  private final KubernetesClient client;
  private final PlacementTargets targets;
  private final PlacementReconciler reconciler;
  private final DesiredPlacement desired;

  DriftCorrector(
      KubernetesClient client,
      PlacementTargets targets,
      PlacementReconciler reconciler,
      DesiredPlacement desired) {
    this.client = client;
    this.targets = targets;
    this.reconciler = reconciler;
    this.desired = desired;
  }

  @Scheduled(
      every = "${hybrid.actuator.drift-interval:30s}",
      delayed = "${hybrid.actuator.drift-interval:30s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void correctDrift() {
    for (PlacementTarget target : targets.all()) {
      try {
        correct(target);
      } catch (RuntimeException e) {
        LOG.warnf("drift check of %s failed: %s", target.describe(), e.toString());
      }
    }
  }

  /**
   * Checks one policy now; public for the drift tests.
   *
   * @return the reconciliation started, if any
   */
  public Optional<Reconciliation> correct(PlacementTarget target) {
    GenericKubernetesResource policy = read(target);
    if (policy == null || Ownership.notOptedIn(policy, "").isPresent()) {
      return Optional.empty();
    }
    OptionalLong written = Ownership.epochOf(policy);
    Optional<Command> asked = desired.newest(target.service());
    if (asked.isPresent() && asked.get().epoch() > written.orElse(0L)) {
      Command command = asked.get();
      if (command.dryRun()) {
        return Optional.empty();
      }
      return Optional.of(
          reconciler.reconcile(
              target,
              new Desired(
                  command.service(),
                  command.commandId(),
                  command.epoch(),
                  command.placement(),
                  false),
              "applied on a later attempt cycle: ",
              RETRY_REPORTS));
    }
    Optional<String> commandId = Ownership.commandIdOf(policy);
    boolean widened =
        Ownership.annotations(policy).containsKey(PlacementPlan.ORIGINAL_PLACEMENT_ANNOTATION);
    if (!widened || written.isEmpty() || commandId.isEmpty()) {
      // In the user's own placement there is nothing of ours to keep.
      return Optional.empty();
    }
    return Optional.of(
        reconciler.reconcile(
            target,
            new Desired(
                target.service(), commandId.get(), written.getAsLong(), Placement.GKE, false),
            "drift corrected: ",
            EnumSet.of(ActuationOutcome.APPLIED)));
  }

  private GenericKubernetesResource read(PlacementTarget target) {
    try {
      return PlacementWriter.policies(client, target).withName(target.name()).get();
    } catch (KubernetesClientException e) {
      LOG.debugf("cannot read %s: %s", target.describe(), e.getMessage());
      return null;
    }
  }
}
