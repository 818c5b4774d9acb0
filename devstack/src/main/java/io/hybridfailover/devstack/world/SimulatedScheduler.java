package io.hybridfailover.devstack.world;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.hybridfailover.devstack.drill.Behaviour;
import io.hybridfailover.devstack.drill.Moment;
import io.hybridfailover.devstack.world.karmada.KarmadaTimings;
import io.hybridfailover.devstack.world.karmada.SchedulingRules;
import io.hybridfailover.devstack.world.karmada.StaticWeightDivision;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What Karmada does with every PropagationPolicy and ResourceBinding in the API double, simulated
 * by Karmada's own rules ({@link SchedulingRules}): a policy change reaches its bindings after the
 * detector's delay (never with {@code activationPreference: Lazy}); a binding whose placement
 * differs from its applied placement (or whose rebalancer triggered) is rescheduled after the
 * scheduler's delay, in Karmada's order of writes (clusters and annotation, then the status with
 * the previous generation, then a second pass); static weights are divided by Webster, clusters
 * given no replica left out. With a cold standby the GKE copy of {@code shop/web} starts the start
 * delay after Karmada places it on GKE (a cold copy is slow to start: that is the point), and stops
 * at once when it no longer does.
 */
final class SimulatedScheduler implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(SimulatedScheduler.class.getName());
  private static final List<String> CLUSTERS = List.of("desktop", "gke");
  private static final String COLD_COPY_BINDING = "shop/web-deployment";

  private final KubernetesClient client;
  private final SwitchableApp gkeCopy;
  private final boolean coldStandby;
  private final Duration startDelay;
  private final KarmadaTimings timings;
  private final SchedulingRules rules = new SchedulingRules(StaticWeightDivision.WEBSTER);
  private final Consumer<Moment> record;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Threads.daemon("simulated-karmada"));
  private final SharedIndexInformer<GenericKubernetesResource> policies;
  private final SharedIndexInformer<GenericKubernetesResource> bindings;
  private final Map<String, ScheduledFuture<?>> pending = new LinkedHashMap<>();
  private ScheduledFuture<?> starting;
  private boolean onGke;

  SimulatedScheduler(
      KubernetesClient client,
      SwitchableApp gkeCopy,
      boolean coldStandby,
      Duration startDelay,
      Consumer<Moment> record) {
    this(client, gkeCopy, coldStandby, startDelay, KarmadaTimings.fromSystemProperties(), record);
  }

  SimulatedScheduler(
      KubernetesClient client,
      SwitchableApp gkeCopy,
      boolean coldStandby,
      Duration startDelay,
      KarmadaTimings timings,
      Consumer<Moment> record) {
    this.client = client;
    this.gkeCopy = gkeCopy;
    this.coldStandby = coldStandby;
    this.startDelay = startDelay;
    this.timings = timings;
    this.record = record;
    this.bindings =
        client
            .genericKubernetesResources(KubeApiDouble.RESOURCE_BINDINGS)
            .inAnyNamespace()
            .inform(handler(this::bindingChanged));
    this.policies =
        client
            .genericKubernetesResources(KubeApiDouble.PROPAGATION_POLICIES)
            .inAnyNamespace()
            .inform(handler(this::policyChanged));
  }

  private static ResourceEventHandler<GenericKubernetesResource> handler(
      Consumer<GenericKubernetesResource> changed) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(GenericKubernetesResource object) {
        changed.accept(object);
      }

      @Override
      public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource now) {
        changed.accept(now);
      }

      @Override
      public void onDelete(GenericKubernetesResource object, boolean unknown) {}
    };
  }

  /** The clusters the binding's {@code spec.clusters} gives replicas, in its order. */
  static List<String> scheduledClusters(GenericKubernetesResource binding) {
    return list(specOf(binding).get("clusters")).stream()
        .map(c -> String.valueOf(map(c).get("name")))
        .toList();
  }

  /** The detector: the policy's placement onto each binding of a workload it selects. */
  private void policyChanged(GenericKubernetesResource policy) {
    Map<String, Object> spec = map(policy.getAdditionalProperties().get("spec"));
    if (!SchedulingRules.detectorCopies(spec)) {
      return; // Lazy: only a change of the workload itself would carry the new placement
    }
    Object placement = spec.get("placement");
    String namespace = policy.getMetadata().getNamespace();
    for (GenericKubernetesResource binding : bindings.getStore().list()) {
      if (namespace.equals(binding.getMetadata().getNamespace()) && selects(spec, binding)) {
        later(
            "detector " + key(binding),
            timings.detector(),
            () ->
                edit(
                    binding,
                    b -> {
                      if (Objects.equals(map(b.get("spec")).get("placement"), placement)) {
                        return false;
                      }
                      SchedulingRules.copyPlacement(b, map(placement));
                      return true;
                    }));
      }
    }
  }

  /** The scheduler: reschedule on a trigger, else catch the observed generation up. */
  private void bindingChanged(GenericKubernetesResource binding) {
    if (key(binding).equals(COLD_COPY_BINDING)) {
      followGkeCopy(binding);
    }
    if (SchedulingRules.trigger(asMap(binding)).isPresent()) {
      later("scheduler " + key(binding), timings.scheduler(), () -> schedule(binding));
    } else if (observed(binding) < generation(binding)) {
      later("second pass " + key(binding), timings.secondPass(), () -> catchUp(binding));
    }
  }

  private void schedule(GenericKubernetesResource seen) {
    GenericKubernetesResource current = read(seen);
    if (current == null || SchedulingRules.trigger(asMap(current)).isEmpty()) {
      return;
    }
    long before = generation(current);
    GenericKubernetesResource written =
        edit(
            current,
            b -> {
              rules.writeClusters(b, rules.assign(b, CLUSTERS));
              return true;
            });
    if (written != null) {
      edit(
          written,
          b -> {
            SchedulingRules.writeStatus(b, before, Instant.now());
            return true;
          });
    }
  }

  private void catchUp(GenericKubernetesResource seen) {
    edit(
        seen,
        b -> {
          Object generation = map(b.get("metadata")).get("generation");
          long current = generation instanceof Number n ? n.longValue() : 1;
          Object observed = map(b.get("status")).get("schedulerObservedGeneration");
          if ((observed instanceof Number o && o.longValue() >= current)
              || SchedulingRules.trigger(b).isPresent()) {
            return false;
          }
          Object last = map(b.get("status")).get("lastScheduledTime");
          SchedulingRules.writeStatus(
              b, current, last == null ? null : Instant.parse(last.toString()));
          return true;
        });
  }

  /** The cold GKE copy runs while the binding places replicas on GKE. */
  private synchronized void followGkeCopy(GenericKubernetesResource binding) {
    if (!coldStandby) {
      return;
    }
    boolean wanted = scheduledClusters(binding).contains("gke");
    onGke = wanted;
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
    if (onGke) {
      gkeCopy.behave(Behaviour.UP);
      record.accept(new Moment.GkeCopy(Instant.now(), true));
    }
  }

  /** Runs {@code step} after {@code delay}, replacing a step of the same name not yet run. */
  private synchronized void later(String name, Duration delay, Runnable step) {
    ScheduledFuture<?> before = pending.remove(name);
    if (before != null) {
      before.cancel(false);
    }
    pending.put(
        name,
        timer.schedule(
            () -> {
              synchronized (this) {
                pending.remove(name);
              }
              try {
                step.run();
              } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "simulated Karmada: " + name + " failed: " + e, e);
              }
            },
            delay.toMillis(),
            TimeUnit.MILLISECONDS));
  }

  private GenericKubernetesResource read(GenericKubernetesResource binding) {
    return client
        .genericKubernetesResources(KubeApiDouble.RESOURCE_BINDINGS)
        .inNamespace(binding.getMetadata().getNamespace())
        .withName(binding.getMetadata().getName())
        .get();
  }

  /**
   * Reads afresh, changes the whole object as JSON (metadata included, as Karmada's rules read it),
   * and writes unless {@code change} says nothing changed.
   */
  private GenericKubernetesResource edit(
      GenericKubernetesResource binding, java.util.function.Predicate<Map<String, Object>> change) {
    for (int attempt = 0; attempt < 5; attempt++) {
      GenericKubernetesResource current = read(binding);
      if (current == null) {
        return null;
      }
      Map<String, Object> json = asMap(current);
      if (!change.test(json)) {
        return null;
      }
      try {
        return client
            .genericKubernetesResources(KubeApiDouble.RESOURCE_BINDINGS)
            .resource(
                client
                    .getKubernetesSerialization()
                    .convertValue(json, GenericKubernetesResource.class))
            .update();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
    throw new IllegalStateException(key(binding) + ": five conflicts in a row");
  }

  /** Whether the policy's resourceSelectors name the binding's workload. */
  private static boolean selects(Map<String, Object> policySpec, GenericKubernetesResource b) {
    Map<String, Object> resource = map(specOf(b).get("resource"));
    for (Object selector : list(policySpec.get("resourceSelectors"))) {
      Map<String, Object> s = map(selector);
      if (Objects.equals(s.get("apiVersion"), resource.get("apiVersion"))
          && Objects.equals(s.get("kind"), resource.get("kind"))
          && (s.get("name") == null || Objects.equals(s.get("name"), resource.get("name")))) {
        return true;
      }
    }
    return false;
  }

  /** The whole object as JSON maps, metadata included. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> asMap(GenericKubernetesResource object) {
    return new LinkedHashMap<>(client.getKubernetesSerialization().convertValue(object, Map.class));
  }

  private static long generation(GenericKubernetesResource binding) {
    Long generation = binding.getMetadata().getGeneration();
    return generation == null ? 1 : generation;
  }

  private static long observed(GenericKubernetesResource binding) {
    Object observed =
        map(binding.getAdditionalProperties().get("status")).get("schedulerObservedGeneration");
    return observed instanceof Number n ? n.longValue() : 0;
  }

  private static String key(GenericKubernetesResource object) {
    return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }

  private static Map<String, Object> specOf(GenericKubernetesResource object) {
    return map(object.getAdditionalProperties().get("spec"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return value instanceof List<?> l ? (List<Object>) l : List.of();
  }

  @Override
  public void close() {
    policies.close();
    bindings.close();
    timer.shutdownNow();
  }
}
