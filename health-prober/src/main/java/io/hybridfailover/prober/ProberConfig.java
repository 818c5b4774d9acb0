package io.hybridfailover.prober;

import io.hybridfailover.catalog.DurationConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Settings of one prober instance, under {@code hybrid.prober}. What to probe is not here: it is
 * the shared service catalog ({@code hybrid.services.*}, see the service-catalog module).
 */
@ConfigMapping(prefix = "hybrid.prober")
public interface ProberConfig {

  /**
   * Stable id of this prober (e.g. {@code prober-gke-a}): the decider counts votes per id, so two
   * replicas must never share one, and a restarted replica must keep its own.
   */
  String id();

  /**
   * How far each probe's start may move from its period, as a fraction of the target's interval (0
   * to 0.5), so probes do not keep step with anything periodic on the target's side.
   */
  @WithDefault("0.1")
  double jitter();

  /**
   * How many targets that share an interval are probed together, in one round (the jitter moves the
   * round, not each target). When the home line dies, every service behind it is then seen down in
   * the same round and the last one fails over with the first, instead of up to one interval later.
   * Beyond this many, targets form further rounds with phases of their own, which keeps each
   * round's burst short; 1 gives every target a phase of its own. At least 1.
   */
  @WithDefault("200")
  int roundSize();

  /**
   * How late a probe's timeout may fire before the prober distrusts it. A timeout that fires later
   * than this after it was due means the prober itself did not run (a GC pause, a starved CPU, a
   * JVM still warming up): the target may well have answered in time, so the probe is counted
   * ({@code hybrid_prober_probes_stalled_total}) and not published. At least 0.
   */
  @WithDefault("100ms")
  @WithConverter(DurationConverter.class)
  Duration stallTolerance();

  Publish publish();

  Karmada karmada();

  /** Publishing observations to Kafka. */
  interface Publish {

    /**
     * Observations kept while Kafka is unreachable: the newest ones, older ones are dropped (and
     * counted). About 10 s of observations of 500 targets probed every second by default.
     */
    @WithDefault("5000")
    int bufferSize();
  }

  /** The cluster-level signal: Karmada {@code Cluster} objects' {@code Ready} condition. */
  interface Karmada {

    /**
     * Watch Karmada {@code Cluster} objects through the Kubernetes client ({@code
     * quarkus.kubernetes-client.*} pointing at the Karmada API server).
     */
    @WithDefault("false")
    boolean enabled();

    /**
     * The longest time between two observations of one cluster: the {@code Ready} condition is
     * published when it changes and at least this often, so alerting can tell a quiet cluster from
     * a dead prober.
     */
    @WithDefault("10s")
    @WithConverter(DurationConverter.class)
    Duration republishInterval();

    /** The names of the Karmada member clusters that stand for each of our clusters. */
    ClusterNames clusterNames();

    /** Karmada member cluster names. */
    interface ClusterNames {

      @WithDefault("desktop")
      String desktop();

      @WithDefault("gke")
      String gke();
    }
  }
}
