package io.hybridfailover.actuation;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Event;
import io.quarkus.scheduler.Scheduler;
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
  private final Map<String, T> targets;
  private final Duration driftInterval;
  private final ReconcileLoop<T, A> loop;

  /**
   * @param targets by service id, from the catalog
   * @param instanceId names this instance in the results' {@code source}
   * @param driftInterval how often every target is re-read (the service's typed setting)
   * @param send publishes a result on the service's results channel
   */
  protected CatalogActuator(
      String name,
      Map<String, T> targets,
      String instanceId,
      Duration driftInterval,
      KubernetesClient client,
      Function<Event<ActuationResult>, CompletionStage<Void>> send) {
    this.name = name;
    this.targets = new TreeMap<>(targets);
    this.driftInterval = driftInterval;
    this.loop = new ReconcileLoop<>(this, instanceId, client, send);
  }

  public ReconcileLoop<T, A> loop() {
    return loop;
  }

  /** Recovery, the drift schedule and the warm-up: see {@link ReconcileLoop#start}. */
  protected void start(Map<String, Object> kafka, Scheduler scheduler, Executor background) {
    loop.start(kafka, scheduler, driftInterval, background);
  }

  @Override
  public String name() {
    return name;
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
