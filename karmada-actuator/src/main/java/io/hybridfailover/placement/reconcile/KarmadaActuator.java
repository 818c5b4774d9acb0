package io.hybridfailover.placement.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hybridfailover.actuation.ActuationConfig;
import io.hybridfailover.actuation.CatalogActuator;
import io.hybridfailover.actuation.ReconcileLoop;
import io.hybridfailover.catalog.ServiceCatalog;
import io.hybridfailover.catalog.ServiceCatalogConfig;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.RecordKeys;
import io.hybridfailover.placement.ActuatorConfig;
import io.hybridfailover.placement.KarmadaActuatorChannels;
import io.hybridfailover.placement.policy.BindingCheck;
import io.hybridfailover.placement.policy.PlacementPlan;
import io.hybridfailover.placement.policy.PlacementTarget;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.health.api.HealthRegistry;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * The karmada-actuator's own part of the {@link ReconcileLoop}: the policy of each service (its
 * {@code placement} block in the catalog), the placement a command asks for, a widened placement
 * kept by the drift cycle, and the confirmation of a placement change on the workload's
 * ResourceBinding ({@link BindingConfirmer}). A service without a placement block is not placed by
 * this actuator: its commands are refused.
 *
 * <p>A confirmation may take the whole reschedule timeout: the next command is taken meanwhile, and
 * this one is acknowledged when its result is out. The commit strategy tolerates such late,
 * out-of-order acknowledgements, within {@value #MAX_AGE_KEY}.
 */
@Singleton
public class KarmadaActuator extends CatalogActuator<PlacementTarget, Placement> {

  public static final String NAME = "karmada-actuator";

  static final String MAX_AGE_KEY =
      "mp.messaging.incoming.commands.throttled.unprocessed-record-max-age.ms";

  private final BindingConfirmer confirmer;

  KarmadaActuator(
      ServiceCatalogConfig catalog,
      Config raw,
      ActuatorConfig config,
      ActuationConfig actuation,
      BindingConfirmer confirmer,
      KubernetesClient client,
      // Results come from every service lane at once (a fleet failing over together): buffered
      // until the producer takes them, never refused; there are at most as many as commands taken.
      @Channel(KarmadaActuatorChannels.RESULTS) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
          Emitter<Record<String, Event<ActuationResult>>> results) {
    super(
        NAME,
        "placement",
        ServiceCatalog.of(catalog, raw.getPropertyNames()).placement(),
        PlacementTarget::of,
        Command::placement,
        PlacementPlan.DESIRED,
        actuation.instanceId(),
        actuation.driftInterval(),
        actuation.reconcileConcurrency(),
        client,
        event -> results.send(Record.of(RecordKeys.keyFor(event), event)));
    requireRoomForConfirmation(
        config.rescheduleTimeout(),
        config.confirmPollInterval(),
        raw.getOptionalValue(MAX_AGE_KEY, Long.class));
    this.confirmer = confirmer;
  }

  /** Hands the command to its service's lane and takes the next one: no blocking here. */
  @Incoming(KarmadaActuatorChannels.COMMANDS)
  public CompletionStage<Void> onCommand(Message<byte[]> command) {
    return loop().onCommand(command);
  }

  void start(
      @Observes StartupEvent event,
      @Identifier("default-kafka-broker") Map<String, Object> kafka,
      Scheduler scheduler,
      ManagedExecutor executor,
      @Readiness HealthRegistry readiness) {
    start(kafka, scheduler, executor, readiness);
  }

  /** A widened placement is kept widened; in the user's own there is nothing of ours to keep. */
  @Override
  public Optional<Placement> kept(GenericKubernetesResource policy, PlacementTarget target) {
    return PlacementPlan.widened(policy) ? Optional.of(Placement.GKE) : Optional.empty();
  }

  @Override
  public Optional<CompletionStage<String>> confirm(
      PlacementTarget target,
      GenericKubernetesResource stored,
      Placement placement,
      long epoch,
      String commandId,
      LongSupplier newestEpoch) {
    return Optional.of(
        confirmer.confirm(
            target,
            BindingCheck.Expected.of(stored, target, placement),
            epoch,
            commandId,
            newestEpoch));
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
        Duration.ofMillis(ReconcileLoop.WRITE_BUDGET_MS + WorkloadRebalancers.CREATE_BUDGET_MS)
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
