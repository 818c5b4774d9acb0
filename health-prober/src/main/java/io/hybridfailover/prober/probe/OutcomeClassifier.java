package io.hybridfailover.prober.probe;

import io.hybridfailover.catalog.ProbeTarget;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Turns what a probe saw (a response, an error, or the timeout) into an outcome and a detail that
 * tells an operator what failed, without a stack trace.
 */
public final class OutcomeClassifier {

  private OutcomeClassifier() {}

  /** A complete response: UP when the status is expected and the body has the text asked for. */
  public static ProbeResult response(ProbeTarget target, int status, String body) {
    if (!target.expectedStatus().contains(status)) {
      return ProbeResult.down(
          ProbeResult.STATUS, "status " + status + ", expected " + target.expectedStatus());
    }
    if (target.bodyContains().isPresent() && !body.contains(target.bodyContains().get())) {
      return ProbeResult.down(
          ProbeResult.BODY,
          "status "
              + status
              + " but the body does not contain \""
              + target.bodyContains().get()
              + "\"");
    }
    return ProbeResult.up();
  }

  /** The probe's hard timeout fired while it was in {@code phase}. */
  public static ProbeResult timeout(ProbeTarget target, ProbePhase phase) {
    long ms = target.timeout().toMillis();
    String endpoint = endpoint(target.url());
    String detail =
        switch (phase) {
          case CONNECTING ->
              "connect timeout after "
                  + ms
                  + " ms: no connection to "
                  + endpoint
                  + " (DNS lookup, TCP connect or TLS handshake unfinished)";
          case AWAITING_RESPONSE ->
              "timeout after " + ms + " ms: connected to " + endpoint + " but no response";
          case READING_BODY ->
              "timeout after "
                  + ms
                  + " ms: response from "
                  + endpoint
                  + " started, body never finished";
        };
    return ProbeResult.down(ProbeResult.TIMEOUT, detail);
  }

  /** The probe failed with {@code error} while it was in {@code phase}. */
  public static ProbeResult failure(ProbeTarget target, ProbePhase phase, Throwable error) {
    String endpoint = endpoint(target.url());
    UnknownHostException dns = find(error, UnknownHostException.class);
    if (dns != null) {
      return ProbeResult.down(
          ProbeResult.DNS, "DNS lookup failed for host " + target.url().getHost());
    }
    SSLException tls = find(error, SSLException.class);
    if (tls != null) {
      return ProbeResult.down(
          ProbeResult.TLS, "TLS handshake with " + endpoint + " failed: " + message(tls));
    }
    ConnectException connect = find(error, ConnectException.class);
    if (connect != null) {
      String text = String.valueOf(connect.getMessage()).toLowerCase(Locale.ROOT);
      if (text.contains("refused")) {
        return ProbeResult.down(ProbeResult.REFUSED, "connection refused by " + endpoint);
      }
      return ProbeResult.down(
          ProbeResult.CONNECT, "cannot connect to " + endpoint + ": " + message(connect));
    }
    NoRouteToHostException noRoute = find(error, NoRouteToHostException.class);
    if (noRoute != null) {
      return ProbeResult.down(ProbeResult.CONNECT, "no route to " + endpoint);
    }
    return ProbeResult.down(
        ProbeResult.ERROR,
        "request to " + endpoint + " failed while " + phase.description() + ": " + message(error));
  }

  /** {@code host:port}, with the scheme's default port when the URL has none. */
  static String endpoint(URI url) {
    int port = url.getPort();
    if (port < 0) {
      port = "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }
    return url.getHost() + ":" + port;
  }

  private static <T extends Throwable> T find(Throwable error, Class<T> type) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static String message(Throwable error) {
    String text = error.getMessage();
    return text == null || text.isBlank() ? error.getClass().getSimpleName() : text;
  }
}
