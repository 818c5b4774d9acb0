package io.hybridfailover.decider;

import io.hybridfailover.decider.core.ServiceState;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Verdict;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-service mode, verdicts and epoch as gauges, one time series per possible value (1 for the
 * current one, 0 otherwise), so that dashboards and alert rules can match on labels: {@code
 * hybrid_decider_mode{service,mode}}, {@code hybrid_decider_verdict{service,cluster,verdict}},
 * {@code hybrid_decider_epoch{service}}.
 */
@ApplicationScoped
public class DeciderMetrics implements DecisionListener {

  private final MeterRegistry registry;
  private final Map<String, ServiceState> latest = new ConcurrentHashMap<>();

  DeciderMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void stateChanged(ServiceState state) {
    if (latest.put(state.service(), state) == null) {
      register(state.service());
    }
  }

  private void register(String service) {
    for (Mode mode : Mode.values()) {
      Gauge.builder("hybrid.decider.mode", latest, all -> is(all.get(service).mode() == mode))
          .tags("service", service, "mode", mode.name())
          .description("1 for the service's current failover mode")
          .register(registry);
    }
    for (Cluster cluster : Cluster.values()) {
      for (Verdict verdict : Verdict.values()) {
        Gauge.builder(
                "hybrid.decider.verdict",
                latest,
                all -> is(all.get(service).verdict(cluster) == verdict))
            .tags("service", service, "cluster", cluster.wireName(), "verdict", verdict.name())
            .description("1 for the current verdict on the service on that cluster")
            .register(registry);
      }
    }
    // An override (freeze, force, a practice run) turns the service's automatic failover off:
    // HybridOperatorOverride fires for as long as one holds it, so that none is forgotten.
    Gauge.builder("hybrid.decider.override", latest, all -> is(all.get(service).frozen()))
        .tags("service", service)
        .description("1 while an operator override holds the service (no automatic decisions)")
        .register(registry);
    Gauge.builder("hybrid.decider.epoch", latest, all -> all.get(service).epoch())
        .tags("service", service)
        .description("epoch of the last command issued for the service")
        .register(registry);
    Gauge.builder(
            "hybrid.decider.routing.desktop", latest, all -> all.get(service).routing().desktop())
        .tags("service", service)
        .description("desktop's routing weight (gke's is 100 minus it)")
        .register(registry);
  }

  private static double is(boolean current) {
    return current ? 1 : 0;
  }
}
