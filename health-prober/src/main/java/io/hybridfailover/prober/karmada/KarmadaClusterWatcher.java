package io.hybridfailover.prober.karmada;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Observation;
import io.hybridfailover.prober.ProberConfig;
import io.hybridfailover.prober.publish.ObservationPublisher;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The cluster-level signal, when {@code hybrid.prober.karmada.enabled}: watches Karmada {@code
 * Cluster} objects with an informer and publishes their Ready condition as {@code karmada-cluster}
 * observations, on every change and every {@code republish-interval}. For alerting: the decider
 * does not fail over on it alone.
 */
@ApplicationScoped
public class KarmadaClusterWatcher {

  /** Karmada's Cluster: cluster-scoped, in the Karmada API server. */
  static final ResourceDefinitionContext CLUSTERS =
      new ResourceDefinitionContext.Builder()
          .withGroup("cluster.karmada.io")
          .withVersion("v1alpha1")
          .withKind("Cluster")
          .withPlural("clusters")
          .withNamespaced(false)
          .build();

  private static final Logger LOG = Logger.getLogger(KarmadaClusterWatcher.class);

  private final ProberConfig config;
  private final Instance<KubernetesClient> client;
  private final ObservationPublisher publisher;
  private final Clock clock = Clock.systemUTC();
  private ClusterSignal signal;
  private SharedIndexInformer<GenericKubernetesResource> informer;

  KarmadaClusterWatcher(
      ProberConfig config, Instance<KubernetesClient> client, ObservationPublisher publisher) {
    this.config = config;
    this.client = client;
    this.publisher = publisher;
  }

  void start(@Observes StartupEvent event) {
    ProberConfig.Karmada karmada = config.karmada();
    if (!karmada.enabled()) {
      return;
    }
    String desktop = karmada.clusterNames().desktop();
    String gke = karmada.clusterNames().gke();
    if (desktop.equals(gke)) {
      throw new IllegalArgumentException(
          "hybrid.prober.karmada.cluster-names.gke: must differ from the desktop's name but both"
              + " are \""
              + gke
              + "\"");
    }
    signal = new ClusterSignal(config.id(), Map.of(desktop, Cluster.DESKTOP, gke, Cluster.GKE));
    KubernetesClient kubernetes = client.get();
    informer = kubernetes.genericKubernetesResources(CLUSTERS).runnableInformer(0);
    informer.addEventHandler(new Handler());
    informer.exceptionHandler(
        (started, error) -> {
          // Absence of data is not failure: no observations while Karmada cannot be read.
          LOG.warnf("Cannot watch Karmada Cluster objects (%s); retrying", error.toString());
          return true;
        });
    informer.start();
    LOG.infof(
        "Watching Karmada Cluster objects %s (desktop) and %s (gke) at %s",
        desktop, gke, kubernetes.getMasterUrl());
  }

  void stop(@Observes ShutdownEvent event) {
    if (informer != null) {
      informer.close();
    }
  }

  /** The "at least every interval" half of the signal; only while the watch is up to date. */
  @Scheduled(
      every = "${hybrid.prober.karmada.republish-interval:10s}",
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void republish() {
    if (informer != null && informer.isWatching()) {
      signal.current(clock.instant()).forEach(publisher::publish);
    }
  }

  private final class Handler implements ResourceEventHandler<GenericKubernetesResource> {

    @Override
    public void onAdd(GenericKubernetesResource cluster) {
      publish(signal.seen(name(cluster), cluster.get("status"), clock.instant()));
    }

    @Override
    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource cluster) {
      onAdd(cluster);
    }

    @Override
    public void onDelete(GenericKubernetesResource cluster, boolean finalStateUnknown) {
      publish(signal.deleted(name(cluster), clock.instant()));
    }

    private void publish(Optional<Observation> observation) {
      observation.ifPresent(publisher::publish);
    }

    private String name(GenericKubernetesResource cluster) {
      return cluster.getMetadata().getName();
    }
  }
}
