package io.hybridfailover.devstack.world;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * An HTTP proxy between the actuators and the API server that can fail their writes: for a while it
 * answers writes (POST, PUT, PATCH, DELETE) with 409, 500, 429 and timeouts in turn, and it can
 * call back at the next write of the route, an HTTPRoute or a TrafficSplit (and drop that write),
 * or on request at its next read, so that the traffic-switcher can be killed after it received a
 * command and before it wrote; and it can hold up the writes of chosen objects alone (one service's
 * route and policy). Reads always pass, and so do watches: their WebSocket upgrades are carried to
 * the API server and their frames relayed both ways, so the actuators behind it keep watched copies
 * of their objects as they would in front of a real API server.
 *
 * <p>Built on its own Vert.x instance: one event loop relays everything, a hang is a timer, and the
 * callback (which kills a process and waits) runs on a thread of its own.
 */
final class ApiFaultProxy implements AutoCloseable {

  private static final Set<HttpMethod> WRITES =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  /** Hop-by-hop headers, and those each side's HTTP stack sets itself. */
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-authenticate",
          "proxy-authorization",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "host",
          "content-length",
          "expect");

  /** The WebSocket handshake's own headers: the proxy's client makes its own handshake upstream. */
  private static final Set<String> HANDSHAKE =
      Set.of(
          "sec-websocket-key",
          "sec-websocket-version",
          "sec-websocket-extensions",
          "sec-websocket-protocol",
          "sec-websocket-accept");

  /** Longer than any client waits: a timeout as the actuator sees it. */
  private static final Duration HANG = Duration.ofSeconds(15);

  /** Watch events of large lists must pass whole (Vert.x's defaults are 64 KiB and 256 KiB). */
  private static final int MAX_WEBSOCKET_MESSAGE = 64 * 1024 * 1024;

  private static final Duration START_AND_STOP = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final HttpServer server;
  private final HttpClient client;
  private final WebSocketClient webSockets;

  /** Where the callback runs: it kills a process and sleeps, which no event loop may do. */
  private final ExecutorService callbacks =
      Executors.newCachedThreadPool(Threads.daemon("api-proxy-callback"));

  private final URI upstream;
  private final AtomicInteger turn = new AtomicInteger();
  private final AtomicReference<Runnable> onRouteWrite = new AtomicReference<>();

  /** Whether a read of one route object runs {@link #onRouteWrite} too. */
  private volatile boolean routeReadsToo;

  /**
   * The path of one route object: {@code .../httproutes/<name>} or {@code .../trafficsplits/...}.
   */
  private static final Pattern ROUTE_OBJECT =
      Pattern.compile(".*/(httproutes|trafficsplits)/[^/]+");

  private volatile Instant failWritesUntil = Instant.MIN;

  /** The object paths whose writes are stuck, and until when. */
  private volatile List<String> stuckPaths = List.of();

  private volatile Instant stuckUntil = Instant.MIN;

  /** Per stuck path, how many of its writes came so far: the first hangs, then 500s, then 409s. */
  private final Map<String, AtomicInteger> stuckTurns = new ConcurrentHashMap<>();

  ApiFaultProxy(String upstreamUrl) throws IOException {
    this.upstream = URI.create(upstreamUrl);
    vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(1)
                .setFileSystemOptions(
                    new FileSystemOptions()
                        .setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
    try {
      client =
          vertx.createHttpClient(
              new HttpClientOptions()
                  .setDefaultHost(upstream.getHost())
                  .setDefaultPort(upstream.getPort())
                  .setKeepAlive(true)
                  // As many connections as callers: the JDK client this replaced had no limit.
                  .setMaxPoolSize(256));
      webSockets =
          vertx.createWebSocketClient(
              new WebSocketClientOptions()
                  .setDefaultHost(upstream.getHost())
                  .setDefaultPort(upstream.getPort())
                  .setMaxConnections(1024)
                  .setMaxFrameSize(MAX_WEBSOCKET_MESSAGE)
                  .setMaxMessageSize(MAX_WEBSOCKET_MESSAGE));
      server =
          vertx
              .createHttpServer(
                  new HttpServerOptions()
                      .setHost("127.0.0.1")
                      .setPort(0)
                      .setHandle100ContinueAutomatically(true)
                      .setMaxWebSocketFrameSize(MAX_WEBSOCKET_MESSAGE)
                      .setMaxWebSocketMessageSize(MAX_WEBSOCKET_MESSAGE))
              .requestHandler(this::handle)
              .webSocketHandler(this::relayWatch);
      await(server.listen());
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  String url() {
    return "http://127.0.0.1:" + port();
  }

  int port() {
    return server.actualPort();
  }

  /** Writes fail, in turn 409, 500, 429 and a timeout, for {@code duration} from now. */
  void failWritesFor(Duration duration) {
    failWritesUntil = Instant.now().plus(duration);
  }

  /**
   * For {@code duration} from now, writes of the objects at {@code paths} only (API paths such as
   * {@code /apis/gateway.networking.k8s.io/v1/namespaces/blog/httproutes/svc-005}) are answered,
   * per object, first with a hang of {@link #HANG} (a timeout as the writer sees it), then with
   * {@link #STUCK_500S} 500s, then with 409s; every other write passes.
   */
  void stickWritesOf(List<String> paths, Duration duration) {
    stuckTurns.clear();
    stuckPaths = List.copyOf(paths);
    stuckUntil = Instant.now().plus(duration);
  }

  /** How many 500s a stuck object's writes get after the hang, before the 409s. */
  static final int STUCK_500S = 3;

  /** {@code action} runs at the next route write, which is then dropped unanswered. */
  void atNextRouteWrite(Runnable action) {
    onRouteWrite.set(action);
  }

  /**
   * From now on, until the action armed by {@link #atNextRouteWrite} has run, a read of one route
   * object (not a list or a watch of them) runs it too, and is dropped. A switcher behind this
   * proxy writes straight from its watched copy of the route when that copy still asks for the
   * write; when the copy shows the route already as asked (a second switcher writing directly got
   * there first), it reads the route before it decides, would find it as asked and not write at
   * all. Armed once the command is out, that read is the moment it is about to write.
   */
  void alsoAtNextRouteRead() {
    routeReadsToo = true;
  }

  private void handle(HttpServerRequest request) {
    HttpMethod method = request.method();
    String path = request.path();
    boolean route = path.contains("/trafficsplits") || path.contains("/httproutes");
    if (route
        && (WRITES.contains(method)
            || (routeReadsToo
                && method.equals(HttpMethod.GET)
                && ROUTE_OBJECT.matcher(path).matches()))) {
      Runnable action = onRouteWrite.getAndSet(null);
      if (action != null) {
        routeReadsToo = false;
        request.pause();
        // The writer is gone once the action ran: nobody waits for an answer.
        callbacks.execute(
            () -> {
              try {
                action.run();
              } finally {
                drop(request);
              }
            });
        return;
      }
    }
    if (WRITES.contains(method)) {
      if (Instant.now().isBefore(failWritesUntil)) {
        fail(request);
        return;
      }
      if (stuckPaths.contains(path) && Instant.now().isBefore(stuckUntil)) {
        stuck(request, stuckTurns.computeIfAbsent(path, p -> new AtomicInteger()));
        return;
      }
    }
    forward(request);
  }

  private void fail(HttpServerRequest request) {
    switch (turn.getAndIncrement() % 4) {
      case 0 -> answer(request, 409, status(409, "Conflict", "the object has been modified"));
      case 1 -> answer(request, 500, status(500, "InternalError", "injected by the drill"));
      case 2 -> {
        request.response().putHeader("Retry-After", "1");
        answer(request, 429, status(429, "TooManyRequests", "injected by the drill"));
      }
      default -> hang(request);
    }
  }

  private void stuck(HttpServerRequest request, AtomicInteger turns) {
    int turn = turns.getAndIncrement();
    if (turn == 0) {
      hang(request);
    } else if (turn <= STUCK_500S) {
      answer(request, 500, status(500, "InternalError", "injected by the drill: stuck write"));
    } else {
      answer(
          request,
          409,
          status(
              409, "Conflict", "injected by the drill: stuck write, the object has been modified"));
    }
  }

  /** No answer for {@link #HANG}, then the connection closes unanswered. */
  private void hang(HttpServerRequest request) {
    vertx.setTimer(HANG.toMillis(), timer -> drop(request));
  }

  /**
   * Closes the caller's connection unanswered, unless the caller closed it already (it timed out or
   * went away): closing a closed connection only fills the log with Netty's complaints.
   */
  private static void drop(HttpServerRequest request) {
    if (!request.response().closed()) {
      request.connection().close();
    }
  }

  private static String status(int code, String reason, String message) {
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\""
        + message
        + "\",\"reason\":\""
        + reason
        + "\",\"code\":"
        + code
        + "}";
  }

  private static void answer(HttpServerRequest request, int code, String json) {
    request.response().setStatusCode(code).putHeader("Content-Type", "application/json").end(json);
  }

  /**
   * The request as it came (method, path and query, end-to-end headers, body) to the API server,
   * and its answer back as it comes, streamed (a watch over plain HTTP never ends). A request the
   * API server cannot be asked is dropped unanswered, as a broken proxy would.
   */
  private void forward(HttpServerRequest request) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(request.method())
            .setURI(request.uri())
            .setHeaders(endToEnd(request.headers(), Set.of()));
    request
        .body()
        .compose(
            body ->
                client
                    .request(options)
                    .compose(out -> body.length() == 0 ? out.send() : out.send(body)))
        .onSuccess(answer -> relay(answer, request))
        .onFailure(e -> drop(request));
  }

  private static void relay(HttpClientResponse answer, HttpServerRequest request) {
    HttpServerResponse response = request.response();
    response.setStatusCode(answer.statusCode());
    response.setStatusMessage(answer.statusMessage());
    response.headers().addAll(endToEnd(answer.headers(), Set.of()));
    String length = answer.getHeader("Content-Length");
    if (length != null) {
      response.putHeader("Content-Length", length);
    } else if (hasBody(request.method(), answer.statusCode())) {
      response.setChunked(true);
    }
    answer
        .pipe()
        .endOnFailure(false)
        .to(response)
        .onFailure(
            e -> {
              // The caller's connection closed under the write: it is gone already.
              if (!(e instanceof java.nio.channels.ClosedChannelException)) {
                drop(request);
              }
            });
  }

  private static boolean hasBody(HttpMethod method, int status) {
    return !method.equals(HttpMethod.HEAD) && status >= 200 && status != 204 && status != 304;
  }

  private static MultiMap endToEnd(MultiMap headers, Set<String> alsoLeftOut) {
    MultiMap kept = MultiMap.caseInsensitiveMultiMap();
    headers.forEach(
        (name, value) -> {
          String lower = name.toLowerCase(Locale.ROOT);
          if (!HOP_BY_HOP.contains(lower) && !alsoLeftOut.contains(lower)) {
            kept.add(name, value);
          }
        });
    return kept;
  }

  /**
   * A watch (or any WebSocket): the same handshake (path and query, Authorization and the other
   * end-to-end headers) made to the API server, and once it accepted, accepted here too (or refused
   * with its status); then every text and binary message relayed both ways, and a close of either
   * side closes the other. No fault ever applies to it.
   */
  private void relayWatch(ServerWebSocket caller) {
    WebSocketConnectOptions options =
        new WebSocketConnectOptions()
            .setURI(caller.uri())
            .setHeaders(endToEnd(caller.headers(), HANDSHAKE))
            .setAllowOriginHeader(false);
    String protocols = caller.headers().get("Sec-WebSocket-Protocol");
    if (protocols != null) {
      options.setSubProtocols(List.of(protocols.split("\\s*,\\s*")));
    }
    Promise<Integer> handshake = Promise.promise();
    Future<WebSocket> connected = webSockets.connect(options);
    connected.onComplete(
        outcome -> {
          if (outcome.succeeded()) {
            outcome.result().pause();
            handshake.complete(101);
          } else if (outcome.cause() instanceof UpgradeRejectedException refused) {
            handshake.complete(refused.getStatus());
          } else {
            handshake.complete(502);
          }
        });
    caller
        .setHandshake(handshake.future())
        .onSuccess(
            status -> {
              if (status != 101) {
                return; // refused as the API server refused it
              }
              WebSocket apiServer = connected.result();
              if (caller.isClosed() || apiServer.isClosed()) {
                // One side went away during the handshake: neither is left open.
                closeQuietly(caller, null, null);
                closeQuietly(apiServer, null, null);
              } else {
                pipe(caller, apiServer);
                pipe(apiServer, caller);
                apiServer.resume();
              }
            })
        .onFailure(
            e -> {
              if (connected.succeeded()) {
                connected.result().close();
              }
            });
  }

  /** Messages of {@code from} to {@code to}, as text or binary as they came; its close too. */
  private static void pipe(WebSocketBase from, WebSocketBase to) {
    from.textMessageHandler(
        text -> {
          to.writeTextMessage(text);
          holdWhileFull(from, to);
        });
    from.binaryMessageHandler(
        bytes -> {
          to.writeBinaryMessage(bytes);
          holdWhileFull(from, to);
        });
    from.exceptionHandler(e -> closeQuietly(to, null, null));
    from.closeHandler(v -> closeQuietly(to, from.closeStatusCode(), from.closeReason()));
  }

  /** A slow reader holds its writer up rather than the proxy's memory. */
  private static void holdWhileFull(WebSocketBase from, WebSocketBase to) {
    if (to.writeQueueFull()) {
      from.pause();
      to.drainHandler(v -> from.resume());
    }
  }

  private static void closeQuietly(WebSocketBase socket, Short code, String reason) {
    if (socket.isClosed()) {
      return;
    }
    // 1005 and 1006 say no code came (or the connection broke): they are never sent.
    if (code == null || code == 1005 || code == 1006) {
      socket.close();
    } else {
      socket.close(code, reason);
    }
  }

  private static <T> T await(Future<T> future) throws IOException {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(START_AND_STOP.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("the API fault proxy: " + e, e);
    }
  }

  @Override
  public void close() {
    callbacks.shutdownNow();
    try {
      await(vertx.close());
    } catch (IOException e) {
      // Its event loop is a non-daemon thread: say so rather than hang the JVM silently.
      System.err.println("the API fault proxy did not stop: " + e);
    }
  }
}
