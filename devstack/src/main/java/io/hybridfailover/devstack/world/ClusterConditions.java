package io.hybridfailover.devstack.world;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hybridfailover.devstack.drill.Behaviour;
import io.hybridfailover.devstack.drill.Moment;
import io.hybridfailover.devstack.world.karmada.ClusterReadiness;
import io.hybridfailover.devstack.world.karmada.ClusterReadiness.SyncMode;
import io.hybridfailover.devstack.world.karmada.ClusterReadiness.Timings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The desktop's Karmada {@code Cluster} Ready condition, as Karmada keeps it for a Push-mode member
 * ({@link ClusterReadiness}): checked every 10 s (the desktop copy answering stands for the desktop
 * cluster), NotReady after 30 s of failed checks, Ready after 30 s of successes; written to the API
 * double's Cluster object, where the probers' Karmada signal watches it.
 */
final class ClusterConditions implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ClusterConditions.class.getName());

  private final KubernetesClient client;
  private final SwitchableApp desktop;
  private final Consumer<Moment> record;
  private final ClusterReadiness readiness;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Threads.daemon("simulated-karmada-clusters"));

  ClusterConditions(KubernetesClient client, SwitchableApp desktop, Consumer<Moment> record) {
    this.client = client;
    this.desktop = desktop;
    this.record = record;
    this.readiness = new ClusterReadiness(SyncMode.PUSH, Timings.KARMADA, Instant.now());
    long every = Timings.KARMADA.checkInterval().toMillis();
    timer.scheduleAtFixedRate(this::check, every, every, TimeUnit.MILLISECONDS);
  }

  private void check() {
    try {
      boolean before = readiness.ready();
      boolean now = readiness.check(Instant.now(), desktop.behaviour() == Behaviour.UP);
      if (now != before) {
        write("desktop", now);
        record.accept(new Moment.ClusterCondition(Instant.now(), "desktop", now));
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "simulated Karmada: the desktop Cluster's condition: " + e, e);
    }
  }

  private void write(String cluster, boolean ready) {
    client
        .genericKubernetesResources(KubeApiDouble.CLUSTERS)
        .withName(cluster)
        .edit(
            c -> {
              c.getAdditionalProperties()
                  .put(
                      "status",
                      Map.of(
                          "conditions",
                          List.of(
                              Map.of(
                                  "type", "Ready",
                                  "status", ready ? "True" : "False",
                                  "reason", ready ? "ClusterReady" : "ClusterNotReachable",
                                  "message",
                                      ready
                                          ? "cluster is healthy and ready to accept workloads"
                                          : "cluster is not reachable"))));
              return c;
            });
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
