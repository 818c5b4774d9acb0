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

/**
 * An HTTP proxy between the actuators and the API server that can fail their writes: for a while it
 * answers writes (POST, PUT, PATCH, DELETE) with 409, 500, 429 and timeouts in turn, and it can
 * call back at the next write of the route, an HTTPRoute or a TrafficSplit (and drop that write),
 * so that the traffic-switcher can be killed after it received a command and before it wrote. Reads
 * always pass.
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
  private volatile Instant failWritesUntil = Instant.MIN;

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

  /** {@code action} runs at the next route write, which is then dropped unanswered. */
  void atNextRouteWrite(Runnable action) {
    onRouteWrite.set(action);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (WRITES.contains(method)) {
        String path = exchange.getRequestURI().getPath();
        if (path.contains("/trafficsplits") || path.contains("/httproutes")) {
          Runnable action = onRouteWrite.getAndSet(null);
          if (action != null) {
            action.run();
            return; // the writer is gone: nobody waits for an answer
          }
        }
        if (Instant.now().isBefore(failWritesUntil)) {
          fail(exchange);
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
