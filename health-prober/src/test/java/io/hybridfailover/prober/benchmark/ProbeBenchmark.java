package io.hybridfailover.prober.benchmark;

import static org.awaitility.Awaitility.await;

import com.sun.management.OperatingSystemMXBean;
import io.hybridfailover.events.identity.ActorKeys;
import io.hybridfailover.prober.probe.ProbeMetrics;
import io.hybridfailover.prober.publish.ObservationPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How many probes per second one prober sustains, and at what CPU: by default 250 services × 2
 * clusters = 500 targets every second ({@code -Dbenchmark.services}, {@code -Dbenchmark.interval}),
 * publishing every observation to a real broker. It says whether the targets were probed on time
 * (probe-start lateness p99 at most 50 ms) and the prober's CPU per 1,000 probes a second; a sweep
 * over {@code benchmark.services} (README) finds how many targets one prober carries. Not part of
 * the build (its name does not end in Test); run it with the command in the README. Prints its
 * figures; asserts nothing about speed.
 */
@QuarkusTest
@TestProfile(ProbeBenchmark.Quiet.class)
@WithTestResource(BenchmarkResource.class)
class ProbeBenchmark {

  static final Duration WARM_UP = Duration.ofSeconds(Integer.getInteger("benchmark.warmup", 15));
  static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("benchmark.seconds", 60));

  /**
   * Its own profile: the benchmark's 500 targets must not leak into other tests' application. The
   * prober signs every observation, as a deployed one does (its CPU figure includes signing).
   */
  public static class Quiet implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.log.category.\"io.hybridfailover\".level",
          "WARN",
          "mp.messaging.outgoing.observations.hybrid.identity.key-file",
          signingKey().toString());
    }

    private static Path signingKey() {
      try {
        Path key = Files.createTempFile("benchmark-prober", ".key");
        key.toFile().deleteOnExit();
        Files.writeString(key, ActorKeys.pem(ActorKeys.generate().getPrivate()));
        return key;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Inject MeterRegistry registry;
  @Inject ObservationPublisher publisher;

  @Test
  void probesFiveHundredTargetsEverySecond() throws Exception {
    runFor(WARM_UP);
    Sample before = sample();
    runFor(MEASURE);
    Sample after = sample();

    double seconds = (after.nanos - before.nanos) / 1e9;
    int targets = registry.find(ProbeMetrics.SKIPPED).counters().size();
    double probesPerSecond = (after.probes - before.probes) / seconds;
    double planned = targets * 1000.0 / BenchmarkResource.INTERVAL.toMillis();
    double proberCores = (after.proberCpuNanos - before.proberCpuNanos) / 1e9 / seconds;
    double targetCores = (after.targetsCpuNanos - before.targetsCpuNanos) / 1e9 / seconds;
    double kafkaCores = (after.kafkaCpuNanos - before.kafkaCpuNanos) / 1e9 / seconds;
    double starts = after.lag.count() - before.lag.count();
    double meanLagMs =
        (after.lag.total(TimeUnit.MILLISECONDS) - before.lag.total(TimeUnit.MILLISECONDS)) / starts;
    String report =
        String.join(
            "\n",
            "=== health-prober benchmark ===",
            String.format(
                "machine: %d cores; measured %.0f s after %d s warm-up",
                Runtime.getRuntime().availableProcessors(), seconds, WARM_UP.toSeconds()),
            String.format(
                "targets: %d, interval %d ms, timeout %d ms",
                targets,
                BenchmarkResource.INTERVAL.toMillis(),
                BenchmarkResource.TIMEOUT.toMillis()),
            String.format(
                "probes/s achieved: %.1f (planned %d/s): %s",
                probesPerSecond,
                Math.round(planned),
                probesPerSecond >= planned * 0.98 ? "keeps up" : "FALLS BEHIND"),
            String.format(
                "on time (probe-start lateness p99 <= 50 ms): %s (%.2f%% of starts later than 50"
                    + " ms)",
                lateBy(before, after, 50) / starts <= 0.01 ? "yes" : "NO",
                100 * lateBy(before, after, 50) / starts),
            String.format("probes skipped (overlap): %.0f", after.skipped - before.skipped),
            String.format(
                "probe start lag: mean %.2f ms; started later than planned by more than"
                    + " 10 ms: %.2f%%, 100 ms: %.2f%%, 1 s: %.2f%%",
                meanLagMs,
                100 * lateBy(before, after, 10) / starts,
                100 * lateBy(before, after, 100) / starts,
                100 * lateBy(before, after, 1000) / starts),
            String.format(
                "publish failures: %.0f, buffered now: %d",
                after.publishFailures - before.publishFailures, publisher.status().buffered()),
            String.format(
                "CPU, prober JVM: %.1f%% of one core (%.1f%% of the machine)",
                proberCores * 100, proberCores * 100 / Runtime.getRuntime().availableProcessors()),
            String.format(
                "CPU per 1,000 probes/s, prober JVM: %.1f%% of one core",
                proberCores * 100 * 1000 / probesPerSecond),
            String.format(
                "CPU, target servers: %.1f%% of one core; Kafka broker: %.1f%% of one core",
                targetCores * 100, kafkaCores * 100));
    System.out.println(report);
    Files.writeString(Path.of("target", "benchmark-report.txt"), report + "\n");
  }

  /** Lets the load run for {@code duration}; the broker and the targets must stay up all along. */
  private static void runFor(Duration duration) {
    await()
        .alias("the broker and the targets stay up")
        .during(duration)
        .atMost(duration.plusSeconds(10))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> BenchmarkResource.CHILDREN.values().stream().allMatch(Process::isAlive));
  }

  private Sample sample() throws IOException {
    return new Sample(
        System.nanoTime(),
        sum(ProbeMetrics.PROBES),
        sum(ProbeMetrics.SKIPPED),
        sum(ObservationPublisher.FAILURES),
        ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class).getProcessCpuTime(),
        cpuNanos(BenchmarkResource.CHILDREN.get("targets")),
        cpuNanos(BenchmarkResource.CHILDREN.get("kafka")),
        registry.get(ProbeMetrics.START_LAG).timer().takeSnapshot());
  }

  /** Probe starts in the window that were more than {@code ms} late, from the histogram. */
  private static double lateBy(Sample before, Sample after, long ms) {
    return (after.lag.count() - after.within(ms)) - (before.lag.count() - before.within(ms));
  }

  private double sum(String counter) {
    List<Counter> counters = List.copyOf(registry.find(counter).counters());
    return counters.stream().mapToDouble(Counter::count).sum();
  }

  private static long cpuNanos(Process process) {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  private record Sample(
      long nanos,
      double probes,
      double skipped,
      double publishFailures,
      long proberCpuNanos,
      long targetsCpuNanos,
      long kafkaCpuNanos,
      HistogramSnapshot lag) {

    /** Starts at most {@code ms} late. */
    double within(long ms) {
      for (CountAtBucket bucket : lag.histogramCounts()) {
        if (bucket.bucket(TimeUnit.MILLISECONDS) == ms) {
          return bucket.count();
        }
      }
      throw new IllegalArgumentException("no lag bucket at " + ms + " ms");
    }
  }
}
