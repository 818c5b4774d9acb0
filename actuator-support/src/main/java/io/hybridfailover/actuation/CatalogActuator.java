package io.hybridfailover.actuation;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.quarkus.scheduler.Scheduler;
import io.smallrye.health.api.HealthRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * An actuator whose targets come from the service catalog, with its {@link ReconcileLoop}: a
 * subclass (the service's bean) adds its kind's parts and wires the loop to its channels.
 */
public abstract class CatalogActuator<T extends Target, A> implements Actuator<T, A> {

  private final String name;
  private final String block;
  private final Map<String, T> targets;
  private final Function<Command, A> asked;
  private final DesiredObject<T, A> desired;
  private final Duration driftInterval;
  private final ReconcileLoop<T, A> loop;

  /**
   * @param block the catalog block that names this actuator's object, e.g. {@code routing}
   * @param blocks that block of each service that has one, by service id
   * @param target the target a block names
   * @param asked what a command asks of this actuator's targets
   * @param desired the kind's {@code desired()}
   * @param instanceId names this instance in the results' {@code source}
   * @param driftInterval how often every target is re-read (the service's typed setting)
   * @param concurrency how many services are reconciled at once (the service's typed setting)
   * @param send publishes a result on the service's results channel
   */
  protected <B> CatalogActuator(
      String name,
      String block,
      Map<String, B> blocks,
      Function<B, T> target,
      Function<Command, A> asked,
      DesiredObject<T, A> desired,
      String instanceId,
      Duration driftInterval,
      int concurrency,
      KubernetesClient client,
      Function<Event<ActuationResult>, CompletionStage<Void>> send) {
    this.name = name;
    this.block = block;
    this.targets = new TreeMap<>();
    blocks.forEach((service, entry) -> targets.put(service, target.apply(entry)));
    this.asked = asked;
    this.desired = desired;
    this.driftInterval = driftInterval;
    this.loop = new ReconcileLoop<>(this, instanceId, concurrency, client, send);
  }

  public ReconcileLoop<T, A> loop() {
    return loop;
  }

  /** Recovery, the drift schedule and the warm-up: see {@link ReconcileLoop#start}. */
  protected void start(
      Map<String, Object> kafka,
      Scheduler scheduler,
      Executor background,
      HealthRegistry readiness) {
    loop.start(kafka, scheduler, driftInterval, background, readiness);
  }

  /** The watches end with the application (the client's connections close with it anyway). */
  @PreDestroy
  void stopWatching() {
    loop.stop();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String notTargeted(String service) {
    return service
        + " has no "
        + block
        + " block in the service list (hybrid.services): "
        + name
        + " changes only the objects it is given";
  }

  @Override
  public A asked(Command command) {
    return asked.apply(command);
  }

  @Override
  public DesiredObject<T, A> desired(T target) {
    return desired;
  }

  @Override
  public List<T> targets() {
    return List.copyOf(targets.values());
  }

  @Override
  public Optional<T> target(String service) {
    return Optional.ofNullable(targets.get(service));
  }
}
