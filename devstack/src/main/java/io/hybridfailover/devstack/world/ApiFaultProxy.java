package io.hybridfailover.devstack.world;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * An HTTP proxy between the actuators and the API server that can fail their writes: for a while it
 * answers writes (POST, PUT, PATCH, DELETE) with 409, 500, 429 and timeouts in turn, and it can
 * call back at the next write of the route, an HTTPRoute or a TrafficSplit (and drop that write),
 * or on request at its next read, so that the traffic-switcher can be killed after it received a
 * command and before it wrote; and it can hold up the writes of chosen objects alone (one service's
 * route and policy). Reads always pass.
 */
final class ApiFaultProxy implements AutoCloseable {

  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

  /** Headers the JDK client sets itself. */
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "host", "upgrade", "expect", "transfer-encoding");

  /** Longer than any client waits: a timeout as the actuator sees it. */
  private static final Duration HANG = Duration.ofSeconds(15);

  private final HttpServer server;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(Threads.daemon("api-proxy"));
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
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
  private final java.util.Map<String, AtomicInteger> stuckTurns =
      new java.util.concurrent.ConcurrentHashMap<>();

  ApiFaultProxy(String upstreamUrl) throws IOException {
    this.upstream = URI.create(upstreamUrl);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + port();
  }

  int port() {
    return server.getAddress().getPort();
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
   * proxy has no watched copy of the route (the proxy carries no watch), so it reads the route
   * before it writes: by then a second switcher writing directly may have written it, and this one
   * would find it as asked and not write at all. Armed once the command is out, its read is the
   * moment it is about to write.
   */
  void alsoAtNextRouteRead() {
    routeReadsToo = true;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      byte[] body = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      boolean route = path.contains("/trafficsplits") || path.contains("/httproutes");
      if (route
          && (WRITES.contains(method)
              || (routeReadsToo && method.equals("GET") && ROUTE_OBJECT.matcher(path).matches()))) {
        Runnable action = onRouteWrite.getAndSet(null);
        if (action != null) {
          routeReadsToo = false;
          action.run();
          return; // the writer is gone: nobody waits for an answer
        }
      }
      if (WRITES.contains(method)) {
        if (Instant.now().isBefore(failWritesUntil)) {
          fail(exchange);
          return;
        }
        if (stuckPaths.contains(path) && Instant.now().isBefore(stuckUntil)) {
          stuck(exchange, stuckTurns.computeIfAbsent(path, p -> new AtomicInteger()));
          return;
        }
      }
      forward(exchange, method, body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void fail(HttpExchange exchange) throws IOException, InterruptedException {
    switch (turn.getAndIncrement() % 4) {
      case 0 -> answer(exchange, 409, status(409, "Conflict", "the object has been modified"));
      case 1 -> answer(exchange, 500, status(500, "InternalError", "injected by the drill"));
      case 2 -> {
        exchange.getResponseHeaders().add("Retry-After", "1");
        answer(exchange, 429, status(429, "TooManyRequests", "injected by the drill"));
      }
      default -> Thread.sleep(HANG.toMillis()); // then the connection closes unanswered
    }
  }

  private static void stuck(HttpExchange exchange, AtomicInteger turns)
      throws IOException, InterruptedException {
    int turn = turns.getAndIncrement();
    if (turn == 0) {
      Thread.sleep(HANG.toMillis()); // then the connection closes unanswered
    } else if (turn <= STUCK_500S) {
      answer(exchange, 500, status(500, "InternalError", "injected by the drill: stuck write"));
    } else {
      answer(
          exchange,
          409,
          status(
              409, "Conflict", "injected by the drill: stuck write, the object has been modified"));
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

  private static void answer(HttpExchange exchange, int code, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private void forward(HttpExchange exchange, String method, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI().toString()))
            .method(
                method,
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!RESTRICTED.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
              }
            });
    HttpResponse<InputStream> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!RESTRICTED.contains(name.toLowerCase()) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
              }
            });
    try (InputStream in = response.body()) {
      byte[] bytes = in.readAllBytes();
      exchange.sendResponseHeaders(response.statusCode(), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
