package io.hybridfailover.traffic.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hybridfailover.actuation.ActuationConfig;
import io.hybridfailover.actuation.CatalogActuator;
import io.hybridfailover.catalog.ServiceCatalog;
import io.hybridfailover.catalog.ServiceCatalogConfig;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.RecordKeys;
import io.hybridfailover.events.Routing;
import io.hybridfailover.traffic.SwitcherConfig;
import io.hybridfailover.traffic.TrafficSwitcherChannels;
import io.hybridfailover.traffic.routing.RoutingAnnotation;
import io.hybridfailover.traffic.routing.RoutingAnnotation.WrittenState;
import io.hybridfailover.traffic.routing.RoutingPlan;
import io.hybridfailover.traffic.routing.RoutingTarget;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.health.api.HealthRegistry;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * The traffic-switcher's own part of the {@link io.hybridfailover.actuation.ReconcileLoop}: the
 * routing object of each service (its {@code routing} block in the catalog), the weights a command
 * asks for, and, for the drift cycle, the weights an object was last written with. A service
 * without a routing block is not routed by the switcher: its commands are refused.
 */
@Singleton
public class TrafficSwitcher extends CatalogActuator<RoutingTarget, Routing> {

  public static final String NAME = "traffic-switcher";

  TrafficSwitcher(
      ServiceCatalogConfig catalog,
      Config raw,
      SwitcherConfig config,
      ActuationConfig actuation,
      KubernetesClient client,
      MeshCheck mesh,
      // Results come from every service lane at once (a fleet failing over together): buffered
      // until the producer takes them, never refused; there are at most as many as commands taken.
      @Channel(TrafficSwitcherChannels.RESULTS) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
          Emitter<Record<String, Event<ActuationResult>>> results) {
    super(
        NAME,
        "routing",
        ServiceCatalog.of(catalog, raw.getPropertyNames()).routing(),
        RoutingTarget::of,
        Command::routing,
        new RoutingPlan(config.meshController(), mesh::shadowingProfile),
        actuation.instanceId(),
        actuation.driftInterval(),
        actuation.reconcileConcurrency(),
        client,
        event -> results.send(Record.of(RecordKeys.keyFor(event), event)));
  }

  /** Hands the command to its service's lane and takes the next one: no blocking here. */
  @Incoming(TrafficSwitcherChannels.COMMANDS)
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

  @Override
  public Optional<Routing> kept(GenericKubernetesResource object, RoutingTarget target) {
    return RoutingAnnotation.writtenState(object).map(WrittenState::routing);
  }
}
