package io.hybridfailover.prober.probe;

import io.hybridfailover.catalog.ProbeTarget;
import io.hybridfailover.catalog.ServiceCatalog;
import io.hybridfailover.catalog.ServiceCatalogConfig;
import io.hybridfailover.prober.ProberConfig;
import io.hybridfailover.prober.publish.ObservationPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/** Starts probing every target of the service catalog at start-up, and stops at shutdown. */
@ApplicationScoped
public class ProbeScheduler {

  private static final Logger LOG = Logger.getLogger(ProbeScheduler.class);

  private final Vertx vertx;
  private final ProberConfig config;
  private final ServiceCatalogConfig catalog;
  private final Config rawConfig;
  private final ObservationPublisher publisher;
  private final ProbeMetrics metrics;
  private final List<TargetProber> probers = new ArrayList<>();
  private HttpProbe probe;

  ProbeScheduler(
      Vertx vertx,
      ProberConfig config,
      ServiceCatalogConfig catalog,
      Config rawConfig,
      ObservationPublisher publisher,
      MeterRegistry registry) {
    this.vertx = vertx;
    this.config = config;
    this.catalog = catalog;
    this.rawConfig = rawConfig;
    this.publisher = publisher;
    this.metrics = new ProbeMetrics(registry);
  }

  /** Invalid settings throw here, which stops start-up with the offending keys. */
  void start(@Observes StartupEvent event) {
    List<ProbeTarget> targets = ServiceCatalog.of(catalog, rawConfig.getPropertyNames()).targets();
    Jitters jitters = new Jitters(config.jitter(), config.roundSize(), new SplittableRandom());
    Duration stallTolerance = config.stallTolerance();
    if (stallTolerance.isNegative()) {
      throw new IllegalArgumentException(
          "hybrid.prober.stall-tolerance: must be at least 0 but was " + stallTolerance);
    }
    long origin = System.nanoTime();
    LOG.infof(
        "Prober %s probes %d targets, in rounds of up to %d of one interval:%s",
        config.id(),
        targets.size(),
        config.roundSize(),
        targets.stream().map(ProbeScheduler::describe).collect(Collectors.joining()));
    probe = new HttpProbe(vertx, targets.size(), "hybrid-failover-prober/" + config.id());
    for (ProbeTarget target : targets) {
      TargetProber prober =
          new TargetProber(
              target,
              config.id(),
              probe,
              jitters.forTarget(target.interval()),
              metrics.target(target),
              publisher::publish,
              vertx,
              Clock.systemUTC(),
              stallTolerance);
      probers.add(prober);
      prober.start(origin);
    }
  }

  void stop(@Observes ShutdownEvent event) {
    probers.forEach(TargetProber::stop);
    if (probe != null) {
      probe.close();
    }
  }

  private static String describe(ProbeTarget target) {
    return "\n  "
        + target.key()
        + ": GET "
        + target.url()
        + " every "
        + target.interval().toMillis()
        + " ms, timeout "
        + target.timeout().toMillis()
        + " ms, expect "
        + target.expectedStatus()
        + target.bodyContains().map(text -> ", body contains \"" + text + "\"").orElse("");
  }
}
