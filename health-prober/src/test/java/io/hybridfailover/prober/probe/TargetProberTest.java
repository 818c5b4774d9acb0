package io.hybridfailover.prober.probe;

import static io.hybridfailover.prober.Targets.shortTimeoutTarget;
import static io.hybridfailover.prober.Targets.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.catalog.ProbeTarget;
import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.prober.LoopbackServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TargetProberTest {

  private static final Instant START = Instant.parse("2026-11-23T10:15:03.120Z");

  private Vertx vertx;
  private HttpProbe probe;
  private SimpleMeterRegistry registry;
  private final BlockingQueue<Observation> observations = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    probe = new HttpProbe(vertx, 4, "prober-test");
    registry = new SimpleMeterRegistry();
  }

  @AfterEach
  void stop() throws Exception {
    probe.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aProbeThatWouldOverlapIsSkippedAndCounted() throws Exception {
    try (LoopbackServer.Blackhole blackhole = LoopbackServer.blackhole()) {
      TargetProber prober = prober(shortTimeoutTarget(blackhole.url("/healthz")));

      assertTrue(prober.probeNow());
      assertFalse(prober.probeNow());
      assertFalse(prober.probeNow());

      Observation first = next();
      assertEquals(Outcome.DOWN, first.outcome());
      assertEquals(2.0, registry.get(ProbeMetrics.SKIPPED).counter().count());
      assertTrue(blackhole.connections() <= 1, "only one probe may reach the target");
      assertNoMoreObservations();

      assertTrue(prober.probeNow(), "once the probe is over, the next one starts");
      assertEquals(Outcome.DOWN, next().outcome());
    }
  }

  @Test
  void anObservationCarriesTheProbeStartAndDuration() throws Exception {
    try (LoopbackServer server = LoopbackServer.start()) {
      ProbeTarget target = target(server.url("/up"));
      TargetProber prober = prober(target);

      prober.probeNow();
      Observation observation = next();

      assertEquals("shop/web", observation.service());
      assertEquals(Cluster.DESKTOP, observation.cluster());
      assertEquals(Check.HTTP, observation.check());
      assertEquals("prober-test", observation.prober());
      assertEquals(Outcome.UP, observation.outcome());
      assertEquals(target.url().toString(), observation.target());
      assertEquals(START, observation.observedAt());
      double recordedMs =
          registry.get(ProbeMetrics.PROBE_DURATION).timer().totalTime(TimeUnit.MILLISECONDS);
      assertEquals((long) recordedMs, observation.latencyMs());
      assertEquals(
          1.0,
          registry
              .get(ProbeMetrics.PROBES)
              .tags("service", "shop/web", "cluster", "desktop", "outcome", "UP", "reason", "ok")
              .counter()
              .count());
    }
  }

  @Test
  void startedProbingRunsOnItsSchedule() throws Exception {
    try (LoopbackServer server = LoopbackServer.start()) {
      // Probed every second.
      TargetProber prober = prober(shortTimeoutTarget(server.url("/up")));

      prober.start();
      try {
        assertEquals(Outcome.UP, next().outcome());
        assertEquals(Outcome.UP, next().outcome());
      } finally {
        prober.stop();
      }
    }
  }

  private TargetProber prober(ProbeTarget target) {
    return new TargetProber(
        target,
        "prober-test",
        probe,
        new Jitter(0.1, new SplittableRandom(7)),
        new ProbeMetrics(registry).target(target),
        observations::add,
        vertx,
        Clock.fixed(START, ZoneOffset.UTC));
  }

  private Observation next() throws InterruptedException {
    Observation observation = observations.poll(30, TimeUnit.SECONDS);
    assertNotNull(observation, "no observation");
    return observation;
  }

  private void assertNoMoreObservations() {
    assertEquals(0, observations.size(), "skipped probes must not produce observations");
  }
}
