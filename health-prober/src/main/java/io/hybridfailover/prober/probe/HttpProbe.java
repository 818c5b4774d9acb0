package io.hybridfailover.prober.probe;

import io.hybridfailover.catalog.ProbeTarget;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One non-blocking HTTP GET per call, on Vert.x's HTTP client, bounded by the target's timeout.
 *
 * <p>The client's own timeouts restart on every byte, so a server that trickles bytes could hold a
 * probe forever; a timer bounds the whole probe instead, and resets the request when it fires so
 * the connection is not left hanging. Connections are kept alive between probes, as a browser
 * would; a probe that timed out drops its connection, so the next one dials afresh.
 */
public final class HttpProbe implements AutoCloseable {

  /**
   * The connect attempt may outlive the probe's timeout by this much: the timer decides the
   * outcome, the client's connect timeout only frees the socket afterwards.
   */
  private static final long CONNECT_GRACE_MS = 1_000;

  private final Vertx vertx;
  private final HttpClient client;
  private final String userAgent;

  /**
   * @param maxConnections connections per host and port: the number of targets, so that a probe
   *     never waits for a connection another target's probe holds
   */
  public HttpProbe(Vertx vertx, int maxConnections, String userAgent) {
    this.vertx = vertx;
    this.userAgent = userAgent;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setKeepAlive(true)
                .setTryUseCompression(false)
                .setVerifyHost(true),
            new PoolOptions().setHttp1MaxSize(Math.max(1, maxConnections)));
  }

  /** Probes {@code target} once; the future always succeeds, with UP or DOWN. */
  public Future<ProbeResult> probe(ProbeTarget target) {
    Promise<ProbeResult> result = Promise.promise();
    AtomicReference<ProbePhase> phase = new AtomicReference<>(ProbePhase.CONNECTING);
    AtomicReference<HttpClientRequest> request = new AtomicReference<>();
    long timeoutMs = target.timeout().toMillis();
    long timer =
        vertx.setTimer(
            timeoutMs,
            id -> {
              if (result.tryComplete(OutcomeClassifier.timeout(target, phase.get()))) {
                HttpClientRequest sent = request.get();
                if (sent != null) {
                  sent.reset();
                }
              }
            });
    RequestOptions options;
    try {
      options =
          new RequestOptions()
              .setMethod(HttpMethod.GET)
              .setAbsoluteURI(target.url().toString())
              .setFollowRedirects(false)
              .setConnectTimeout(timeoutMs + CONNECT_GRACE_MS)
              .putHeader(HttpHeaders.USER_AGENT, userAgent);
    } catch (RuntimeException e) {
      vertx.cancelTimer(timer);
      result.tryComplete(OutcomeClassifier.failure(target, ProbePhase.CONNECTING, e));
      return result.future();
    }
    client
        .request(options)
        .compose(
            req -> {
              request.set(req);
              if (result.future().isComplete()) {
                // Connected after the timeout: the outcome is decided, free the connection.
                req.reset();
                return Future.failedFuture("connected after the timeout");
              }
              phase.set(ProbePhase.AWAITING_RESPONSE);
              return req.send();
            })
        .compose(
            response -> {
              phase.set(ProbePhase.READING_BODY);
              return response
                  .body()
                  .map(
                      body ->
                          OutcomeClassifier.response(
                              target,
                              response.statusCode(),
                              body.toString(StandardCharsets.UTF_8)));
            })
        .onComplete(
            done -> {
              vertx.cancelTimer(timer);
              result.tryComplete(
                  done.succeeded()
                      ? done.result()
                      : OutcomeClassifier.failure(target, phase.get(), done.cause()));
            });
    return result.future();
  }

  @Override
  public void close() {
    client.close();
  }
}
