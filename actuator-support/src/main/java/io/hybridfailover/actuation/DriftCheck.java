package io.hybridfailover.actuation;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hybridfailover.actuation.ReconcileLoop.Asked;
import io.hybridfailover.actuation.ReconcileLoop.Reconciliation;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.Command;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Drift: every target checked each cycle; a command newer than what its object was last written for
 * is applied again, and an object someone edited is restored to what it was written for. The check
 * starts from the watched copy (a GET only while the watch is not up), as java-operator-sdk's
 * reconcilers read their informers' caches: a fleet's cycle then costs the API server nothing when
 * nothing drifted. A drifted object goes through the reconcile as a command would: its write
 * carries the copy's resourceVersion, so a copy that was behind gets a 409 and a fresh read.
 */
final class DriftCheck<T extends Target, A> {

  /** The loop's parts log under the loop's category, so one setting governs them all. */
  private static final Logger LOG = Logger.getLogger(ReconcileLoop.class);

  /** A retry that fails again already has its FAILED result. */
  private static final Set<ActuationOutcome> RETRY_REPORTS =
      EnumSet.complementOf(EnumSet.of(ActuationOutcome.FAILED));

  private final Actuator<T, A> actuator;
  private final TargetObjects objects;
  private final WatchedObjects watched;
  private final NewestCommands newest;
  private final ServiceLanes lanes;
  private final Reconciler<T, A> reconciler;

  DriftCheck(
      Actuator<T, A> actuator,
      TargetObjects objects,
      WatchedObjects watched,
      NewestCommands newest,
      ServiceLanes lanes,
      Reconciler<T, A> reconciler) {
    this.actuator = actuator;
    this.objects = objects;
    this.watched = watched;
    this.newest = newest;
    this.lanes = lanes;
    this.reconciler = reconciler;
  }

  /** See {@link ReconcileLoop#correctDrift}. */
  void correctAll() {
    for (T target : actuator.targets()) {
      lanes.submitIfIdle(
          target.service(),
          () -> {
            try {
              correct(target);
            } catch (RuntimeException e) {
              LOG.warnf("drift check of %s failed: %s", target.describe(), e);
            }
          });
    }
  }

  /** See {@link ReconcileLoop#correct}. */
  Optional<Reconciliation> correct(T target) {
    GenericKubernetesResource object;
    try {
      object = watched.latest(target).orElseGet(() -> objects.resource(target).get());
    } catch (KubernetesClientException e) {
      LOG.debugf("cannot read %s: %s", target.describe(), e.getMessage());
      return Optional.empty();
    }
    if (object == null || Ownership.notOptedIn(object, "").isPresent()) {
      return Optional.empty();
    }
    OptionalLong written = Ownership.epochOf(object);
    Optional<Command> asked = newest.newest(target.service());
    if (asked.isPresent() && asked.get().epoch() > written.orElse(0L)) {
      Command command = asked.get();
      if (command.dryRun()) {
        return Optional.empty();
      }
      return Optional.of(
          reconciler.reconcile(
              target,
              reconciler.asked(command, false, null),
              "applied on a later attempt cycle: ",
              RETRY_REPORTS));
    }
    Optional<String> commandId = Ownership.commandIdOf(object);
    Optional<A> kept = actuator.kept(object, target);
    if (written.isEmpty() || commandId.isEmpty() || kept.isEmpty()) {
      return Optional.empty();
    }
    // As written (the usual case): nothing to correct and nothing to report, so no reconciliation
    // and no request.
    Plan asWritten =
        Plan.of(
            object,
            target,
            kept.get(),
            written.getAsLong(),
            commandId.get(),
            actuator.desired(target));
    if (asWritten.write().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        reconciler.reconcile(
            target,
            new Asked<>(
                target.service(), commandId.get(), written.getAsLong(), kept.get(), false, null),
            "drift corrected: ",
            EnumSet.of(ActuationOutcome.APPLIED)));
  }
}
