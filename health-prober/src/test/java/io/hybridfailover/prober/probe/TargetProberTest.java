package io.hybridfailover.prober.probe;

import static io.hybridfailover.prober.Targets.SHORT_TIMEOUT;
import static io.hybridfailover.prober.Targets.shortTimeoutTarget;
import static io.hybridfailover.prober.Targets.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.catalog.ProbeTarget;
import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.prober.LoopbackServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Clock;
import java.time.Duration;
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

  private static final Duration STALL_TOLERANCE = Duration.ofMillis(100);

  private static final Instant START = Instant.parse("2026-11-23T10:15:03.120Z");

  private Vertx vertx;
  private HttpProbe probe;
  private SimpleMeterRegistry registry;
  private final BlockingQueue<Observation> observations = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
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
  void aTimeoutThatFiresLateBecauseTheProberStalledIsCountedAndNotPublished() throws Exception {
    try (LoopbackServer.Blackhole blackhole = LoopbackServer.blackhole()) {
      // The test's Vert.x has one event loop: the probe's timer waits for the stall below.
      TargetProber prober = prober(shortTimeoutTarget(blackhole.url("/healthz")), STALL_TOLERANCE);

      assertTrue(prober.probeNow());
      vertx.runOnContext(stall -> sleep(SHORT_TIMEOUT.plus(STALL_TOLERANCE).plusMillis(500)));

      Counter stalled =
          registry
              .get(ProbeMetrics.STALLED)
              .tags("service", "shop/web", "cluster", "desktop")
              .counter();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (stalled.count() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(1.0, stalled.count(), "the late timeout is counted");
      assertNull(observations.poll(1, TimeUnit.SECONDS), "and not published");
      assertTrue(registry.find(ProbeMetrics.PROBES).counters().isEmpty());
    }
  }

  @Test
  void onlyATimeoutLaterThanTheToleranceIsAStall() {
    TargetProber prober = prober(shortTimeoutTarget("http://127.0.0.1:9/healthz"), STALL_TOLERANCE);
    long due = SHORT_TIMEOUT.plus(STALL_TOLERANCE).toNanos();
    ProbeResult timeout = OutcomeClassifier.timeout(prober.target(), ProbePhase.AWAITING_RESPONSE);

    assertFalse(prober.stalled(timeout, due));
    assertTrue(prober.stalled(timeout, due + 1));
    assertFalse(
        prober.stalled(ProbeResult.down(ProbeResult.REFUSED, "refused"), due * 10),
        "a refused connection is a fact about the target, however late it is seen");
    assertFalse(prober.stalled(ProbeResult.up(), due * 10), "so is an answer");
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

      prober.start(System.nanoTime());
      try {
        assertEquals(Outcome.UP, next().outcome());
        assertEquals(Outcome.UP, next().outcome());
      } finally {
        prober.stop();
      }
    }
  }

  private TargetProber prober(ProbeTarget target) {
    // Tests about anything but stalls: a busy machine must not turn a timeout into a stall.
    return prober(target, Duration.ofSeconds(10));
  }

  private TargetProber prober(ProbeTarget target, Duration stallTolerance) {
    return new TargetProber(
        target,
        "prober-test",
        probe,
        new Jitter(0.1, new SplittableRandom(7)),
        new ProbeMetrics(registry).target(target),
        observations::add,
        vertx,
        Clock.fixed(START, ZoneOffset.UTC),
        stallTolerance);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
