package io.hybridfailover.prober.probe;

import io.hybridfailover.catalog.ProbeTarget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The prober's Micrometer meters; tags {@code service} and {@code cluster} name the target. */
public final class ProbeMetrics {

  /** Probe duration, per target: a histogram with {@link #LATENCY_BUCKETS}. */
  public static final String PROBE_DURATION = "hybrid.prober.probe.duration";

  /** Finished probes, per target, {@code outcome} (UP/DOWN) and {@code reason}. */
  public static final String PROBES = "hybrid.prober.probes";

  /** Probes not started because the previous probe of the target was still running. */
  public static final String SKIPPED = "hybrid.prober.probes.skipped";

  /**
   * Probes that timed out while the prober itself stalled (the timeout fired late by more than
   * {@code hybrid.prober.stall-tolerance}): not published, see {@link TargetProber#stalled}.
   */
  public static final String STALLED = "hybrid.prober.probes.stalled";

  /** How late probes start against their plan: the prober falling behind shows here first. */
  public static final String START_LAG = "hybrid.prober.probe.start.lag";

  /**
   * Fixed buckets instead of a full percentile histogram: a few series per target stay affordable
   * for hundreds of targets, and they bracket the usual timeouts.
   */
  static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofMillis(800),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(5)
  };

  /** A healthy prober starts probes within a few milliseconds of plan. */
  static final Duration[] LAG_BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(500),
    Duration.ofSeconds(1)
  };

  private final MeterRegistry registry;
  private final Timer startLag;

  public ProbeMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.startLag =
        Timer.builder(START_LAG)
            .description("How much later than planned probes start")
            .serviceLevelObjectives(LAG_BUCKETS)
            .register(registry);
  }

  /** The meters of one target. */
  public TargetMeters target(ProbeTarget target) {
    return new TargetMeters(target);
  }

  /** Meters of one target, created once so the probe path does no registry look-ups. */
  public final class TargetMeters {

    private final Tags tags;
    private final Timer duration;
    private final Counter skipped;
    private final Counter stalled;

    private TargetMeters(ProbeTarget target) {
      this.tags = Tags.of("service", target.service(), "cluster", target.cluster().wireName());
      this.duration =
          Timer.builder(PROBE_DURATION)
              .description("Probe duration, from start to outcome")
              .tags(tags)
              .serviceLevelObjectives(LATENCY_BUCKETS)
              .register(registry);
      this.skipped =
          Counter.builder(SKIPPED)
              .description("Probes skipped because the previous one was still in flight")
              .tags(tags)
              .register(registry);
      this.stalled =
          Counter.builder(STALLED)
              .description("Timed-out probes not published because the prober itself stalled")
              .tags(tags)
              .register(registry);
    }

    void finished(ProbeResult result, long nanos) {
      duration.record(nanos, TimeUnit.NANOSECONDS);
      registry
          .counter(
              PROBES, tags.and("outcome", result.outcome().wireName(), "reason", result.reason()))
          .increment();
    }

    void skipped() {
      skipped.increment();
    }

    void stalled() {
      stalled.increment();
    }

    void startedLate(long nanos) {
      startLag.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }
  }
}
