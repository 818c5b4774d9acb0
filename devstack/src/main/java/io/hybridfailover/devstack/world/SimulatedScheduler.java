package io.hybridfailover.devstack.world;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.hybridfailover.devstack.drill.Behaviour;
import io.hybridfailover.devstack.drill.Moment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What Karmada does with the PropagationPolicy {@code shop/web}, simulated: when its placement
 * changes, the ResourceBinding is rescheduled onto the placement's clusters, and with a cold
 * standby the GKE copy starts after the start delay (a cold copy is slow to start: that is the
 * point) or stops at once.
 */
final class SimulatedScheduler implements AutoCloseable {

  private final KubernetesClient client;
  private final SwitchableApp gkeCopy;
  private final boolean coldStandby;
  private final Duration startDelay;
  private final Consumer<Moment> record;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Threads.daemon("simulated-karmada"));
  private final SharedIndexInformer<GenericKubernetesResource> policies;
  private ScheduledFuture<?> starting;
  private List<String> placed = List.of();

  SimulatedScheduler(
      KubernetesClient client,
      SwitchableApp gkeCopy,
      boolean coldStandby,
      Duration startDelay,
      Consumer<Moment> record) {
    this.client = client;
    this.gkeCopy = gkeCopy;
    this.coldStandby = coldStandby;
    this.startDelay = startDelay;
    this.record = record;
    this.policies =
        client
            .genericKubernetesResources(KubeApiDouble.PROPAGATION_POLICIES)
            .inNamespace("shop")
            .withName("web")
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(GenericKubernetesResource policy) {
                    schedule(policy);
                  }

                  @Override
                  public void onUpdate(
                      GenericKubernetesResource old, GenericKubernetesResource now) {
                    schedule(now);
                  }

                  @Override
                  public void onDelete(GenericKubernetesResource policy, boolean unknown) {}
                });
  }

  /** The policy's cluster names; a placement without names places on every cluster. */
  @SuppressWarnings("unchecked")
  static List<String> clusterNames(GenericKubernetesResource policy) {
    Object spec = policy.getAdditionalProperties().get("spec");
    if (spec instanceof Map<?, ?> specMap
        && specMap.get("placement") instanceof Map<?, ?> placement
        && placement.get("clusterAffinity") instanceof Map<?, ?> affinity
        && affinity.get("clusterNames") instanceof List<?> names
        && !names.isEmpty()) {
      return List.copyOf((List<String>) names);
    }
    return List.of("desktop", "gke");
  }

  private synchronized void schedule(GenericKubernetesResource policy) {
    List<String> clusters = clusterNames(policy);
    if (clusters.equals(placed)) {
      return;
    }
    placed = clusters;
    Object placement = ((Map<?, ?>) policy.getAdditionalProperties().get("spec")).get("placement");
    client
        .genericKubernetesResources(KubeApiDouble.RESOURCE_BINDINGS)
        .inNamespace("shop")
        .withName("web-deployment")
        .edit(binding -> rescheduled(binding, placement, clusters));
    if (!coldStandby) {
      return;
    }
    boolean wanted = clusters.contains("gke");
    if (wanted && gkeCopy.behaviour() == Behaviour.REFUSED && starting == null) {
      starting = timer.schedule(this::startGkeCopy, startDelay.toMillis(), TimeUnit.MILLISECONDS);
    } else if (!wanted) {
      if (starting != null) {
        starting.cancel(false);
        starting = null;
      }
      if (gkeCopy.behaviour() != Behaviour.REFUSED) {
        gkeCopy.behave(Behaviour.REFUSED);
        record.accept(new Moment.GkeCopy(Instant.now(), false));
      }
    }
  }

  private synchronized void startGkeCopy() {
    starting = null;
    if (placed.contains("gke")) {
      gkeCopy.behave(Behaviour.UP);
      record.accept(new Moment.GkeCopy(Instant.now(), true));
    }
  }

  @SuppressWarnings("unchecked")
  private static GenericKubernetesResource rescheduled(
      GenericKubernetesResource binding, Object placement, List<String> clusters) {
    Map<String, Object> spec =
        new LinkedHashMap<>((Map<String, Object>) binding.getAdditionalProperties().get("spec"));
    spec.put("placement", placement);
    List<Map<String, Object>> targets = new ArrayList<>();
    for (String cluster : clusters) {
      targets.add(Map.of("name", cluster, "replicas", 1));
    }
    spec.put("clusters", targets);
    binding.getAdditionalProperties().put("spec", spec);
    binding
        .getAdditionalProperties()
        .put(
            "status",
            Map.of(
                "conditions",
                List.of(
                    Map.of(
                        "type", "Scheduled",
                        "status", "True",
                        "reason", "Success",
                        "message", "Binding has been scheduled successfully."))));
    return binding;
  }

  @Override
  public void close() {
    policies.close();
    timer.shutdownNow();
  }
}
