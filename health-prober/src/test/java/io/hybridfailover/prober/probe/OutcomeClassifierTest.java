package io.hybridfailover.prober.probe;

import static io.hybridfailover.prober.Targets.shortTimeoutTarget;
import static io.hybridfailover.prober.Targets.target;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridfailover.catalog.ProbeTarget;
import io.hybridfailover.events.Outcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class OutcomeClassifierTest {

  private static final ProbeTarget WEB = shortTimeoutTarget("http://web-desktop.shop:8080/healthz");

  @Test
  void anExpectedStatusIsUp() {
    assertEquals(ProbeResult.up(), OutcomeClassifier.response(WEB, 204, ""));
    assertEquals(ProbeResult.up(), OutcomeClassifier.response(WEB, 399, ""));
  }

  @Test
  void anUnexpectedStatusIsDownWithTheExpectation() {
    assertEquals(
        ProbeResult.down(ProbeResult.STATUS, "status 404, expected 200-399"),
        OutcomeClassifier.response(WEB, 404, "not found"));
  }

  @Test
  void theBodyIsOnlyCheckedWhenTextIsConfigured() {
    ProbeTarget withText =
        target("http://web-desktop.shop/healthz", Optional.of("UP"), Duration.ofMillis(800));

    assertEquals(
        ProbeResult.up(), OutcomeClassifier.response(withText, 200, "{\"status\":\"UP\"}"));
    assertEquals(
        ProbeResult.down(ProbeResult.BODY, "status 200 but the body does not contain \"UP\""),
        OutcomeClassifier.response(withText, 200, "{\"status\":\"DOWN\"}"));
  }

  @Test
  void aWrongStatusIsReportedBeforeTheBody() {
    ProbeTarget withText =
        target("http://web-desktop.shop/healthz", Optional.of("UP"), Duration.ofMillis(800));

    assertEquals(ProbeResult.STATUS, OutcomeClassifier.response(withText, 503, "").reason());
  }

  @Test
  void eachTimeoutSaysHowFarTheProbeGot() {
    assertEquals(
        "connect timeout after 300 ms: no connection to web-desktop.shop:8080"
            + " (DNS lookup, TCP connect or TLS handshake unfinished)",
        OutcomeClassifier.timeout(WEB, ProbePhase.CONNECTING).detail());
    assertEquals(
        "timeout after 300 ms: connected to web-desktop.shop:8080 but no response",
        OutcomeClassifier.timeout(WEB, ProbePhase.AWAITING_RESPONSE).detail());
    assertEquals(
        "timeout after 300 ms: response from web-desktop.shop:8080 started, body never finished",
        OutcomeClassifier.timeout(WEB, ProbePhase.READING_BODY).detail());
    assertEquals(Outcome.DOWN, OutcomeClassifier.timeout(WEB, ProbePhase.CONNECTING).outcome());
  }

  @Test
  void aDnsFailureIsFoundAnywhereInTheCauses() {
    Exception wrapped = new IOException("resolve failed", new UnknownHostException("x"));

    assertEquals(
        ProbeResult.down(ProbeResult.DNS, "DNS lookup failed for host web-desktop.shop"),
        OutcomeClassifier.failure(WEB, ProbePhase.CONNECTING, wrapped));
  }

  @Test
  void aRefusedConnection() {
    assertEquals(
        ProbeResult.down(ProbeResult.REFUSED, "connection refused by web-desktop.shop:8080"),
        OutcomeClassifier.failure(
            WEB,
            ProbePhase.CONNECTING,
            new ConnectException("Connection refused: /10.0.0.1:8080")));
  }

  @Test
  void anotherConnectFailure() {
    assertEquals(
        ProbeResult.down(
            ProbeResult.CONNECT, "cannot connect to web-desktop.shop:8080: Network is unreachable"),
        OutcomeClassifier.failure(
            WEB, ProbePhase.CONNECTING, new ConnectException("Network is unreachable")));
    assertEquals(
        ProbeResult.down(ProbeResult.CONNECT, "no route to web-desktop.shop:8080"),
        OutcomeClassifier.failure(
            WEB, ProbePhase.CONNECTING, new NoRouteToHostException("No route to host")));
  }

  @Test
  void aTlsFailure() {
    assertEquals(
        ProbeResult.down(
            ProbeResult.TLS,
            "TLS handshake with web-desktop.shop:8080 failed: PKIX path building failed"),
        OutcomeClassifier.failure(
            WEB,
            ProbePhase.CONNECTING,
            new IOException(new SSLHandshakeException("PKIX path building failed"))));
  }

  @Test
  void anyOtherErrorSaysWhereItHappened() {
    assertEquals(
        ProbeResult.down(
            ProbeResult.ERROR,
            "request to web-desktop.shop:8080 failed while waiting for the response:"
                + " Connection was closed"),
        OutcomeClassifier.failure(
            WEB, ProbePhase.AWAITING_RESPONSE, new IllegalStateException("Connection was closed")));
    assertEquals(
        "request to web-desktop.shop:8080 failed while reading the body: IllegalStateException",
        OutcomeClassifier.failure(WEB, ProbePhase.READING_BODY, new IllegalStateException())
            .detail());
  }

  @Test
  void endpointsUseTheSchemesDefaultPort() {
    assertEquals("a.b:80", OutcomeClassifier.endpoint(URI.create("http://a.b/x")));
    assertEquals("a.b:443", OutcomeClassifier.endpoint(URI.create("https://a.b/x")));
    assertEquals("a.b:8443", OutcomeClassifier.endpoint(URI.create("https://a.b:8443/x")));
  }
}
