package io.hybridfailover.prober.probe;

import static io.hybridfailover.prober.Targets.shortTimeoutTarget;
import static io.hybridfailover.prober.Targets.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.catalog.ProbeTarget;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.prober.LoopbackServer;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Probe outcomes against real servers on loopback. */
class HttpProbeTest {

  private static Vertx vertx;
  private static HttpProbe probe;
  private static LoopbackServer server;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    probe = new HttpProbe(vertx, 8, "prober-test");
    server = LoopbackServer.start();
    // Load the client's classes and open a connection once: the short-timeout tests must time
    // out where the server stalls them, not while the JVM warms up.
    run(target(server.url("/up")));
  }

  @AfterAll
  static void stop() throws Exception {
    probe.close();
    server.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void anExpectedStatusIsUp() {
    ProbeResult result = run(target(server.url("/up")));

    assertEquals(Outcome.UP, result.outcome());
    assertEquals(ProbeResult.OK, result.reason());
    assertNull(result.detail());
  }

  @Test
  void theExpectedBodyTextIsUp() {
    ProbeResult result = run(target(server.url("/up"), Optional.of("ok"), Duration.ofSeconds(5)));

    assertEquals(Outcome.UP, result.outcome());
  }

  @Test
  void aServerErrorIsDown() {
    ProbeResult result = run(target(server.url("/fail")));

    assertEquals(Outcome.DOWN, result.outcome());
    assertEquals("status 500, expected 200-399", result.detail());
  }

  @Test
  void missingBodyTextIsDown() {
    ProbeResult result =
        run(target(server.url("/up"), Optional.of("healthy"), Duration.ofSeconds(5)));

    assertEquals(Outcome.DOWN, result.outcome());
    assertEquals("status 200 but the body does not contain \"healthy\"", result.detail());
  }

  @Test
  void aRefusedConnectionIsDown() {
    int port = LoopbackServer.closedPort();

    ProbeResult result = run(target("http://127.0.0.1:" + port + "/up"));

    assertEquals(Outcome.DOWN, result.outcome());
    assertEquals("connection refused by 127.0.0.1:" + port, result.detail());
  }

  @Test
  void anUnknownHostIsDown() {
    ProbeResult result = run(target("http://web-desktop.shop.invalid/healthz"));

    assertEquals(Outcome.DOWN, result.outcome());
    assertEquals("DNS lookup failed for host web-desktop.shop.invalid", result.detail());
  }

  @Test
  void aServerThatNeverAnswersIsDownAtTheTimeout() {
    ProbeResult result = run(shortTimeoutTarget(server.url("/hang")));

    assertEquals(Outcome.DOWN, result.outcome());
    assertEquals(
        "timeout after 300 ms: connected to 127.0.0.1:"
            + port(server.url("/"))
            + " but no response",
        result.detail());
  }

  @Test
  void aBlackholedLineIsDownAtTheTimeout() throws Exception {
    try (LoopbackServer.Blackhole blackhole = LoopbackServer.blackhole()) {
      String url = blackhole.url("/healthz");

      ProbeResult result = run(shortTimeoutTarget(url));

      assertEquals(Outcome.DOWN, result.outcome());
      assertEquals(ProbeResult.TIMEOUT, result.reason());
      assertEquals(
          "timeout after 300 ms: connected to 127.0.0.1:" + port(url) + " but no response",
          result.detail());
    }
  }

  @Test
  void aBodyThatNeverEndsIsDownAtTheTimeoutThoughBytesKeepComing() {
    // Every byte would restart an idle timeout; the probe's bound is on the whole exchange.
    ProbeResult result = run(shortTimeoutTarget(server.url("/trickle")));

    assertEquals(Outcome.DOWN, result.outcome());
    assertEquals(
        "timeout after 300 ms: response from 127.0.0.1:"
            + port(server.url("/"))
            + " started, body never finished",
        result.detail());
  }

  @Test
  void aTlsFailureIsDown() throws Exception {
    // A server that answers the TLS handshake in plain HTTP: a real handshake failure.
    try (LoopbackServer.Blackhole plain = LoopbackServer.plainTextOnly()) {
      String url = plain.url("/healthz").replace("http://", "https://");

      ProbeResult result = run(target(url));

      assertEquals(Outcome.DOWN, result.outcome());
      assertEquals(ProbeResult.TLS, result.reason(), result.detail());
      assertTrue(
          result.detail().startsWith("TLS handshake with 127.0.0.1:" + port(url) + " failed: "),
          result.detail());
    }
  }

  private static ProbeResult run(ProbeTarget target) {
    try {
      return probe
          .probe(target)
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("probe did not complete", e);
    }
  }

  private static int port(String url) {
    return java.net.URI.create(url).getPort();
  }
}
