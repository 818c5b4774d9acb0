package io.hybridfailover.devstack.world;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hybridfailover.devstack.drill.Behaviour;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One copy of the app {@code shop/web} (the desktop's or GKE's), on a fixed loopback port, whose
 * behaviour is switched at run time. The health path is {@code /healthz}; users call {@code /}. The
 * other services of a fleet are served alike under {@code /s/<namespace>/<name>/}. Each prober
 * names itself in {@code ?via=}, so that one prober's path can fail alone.
 */
final class SwitchableApp implements AutoCloseable {

  private final String name;
  private final int port;
  private final ScheduledExecutorService timers;
  private final Map<String, Behaviour> byPath = new ConcurrentHashMap<>();
  private final List<HttpExchange> held = new CopyOnWriteArrayList<>();
  private volatile Behaviour behaviour;
  private HttpServer server;

  SwitchableApp(String name, Behaviour initial) {
    this.name = name;
    this.port = Ports.free();
    this.timers = Executors.newScheduledThreadPool(2, Threads.daemon(name));
    behave(initial);
  }

  String name() {
    return name;
  }

  int port() {
    return port;
  }

  /** What a prober GETs: its own path to this copy. */
  String healthUrl(String via) {
    return "http://127.0.0.1:" + port + "/healthz?via=" + via;
  }

  String userUrl() {
    return "http://127.0.0.1:" + port + "/";
  }

  /**
   * A prober's path to one service of a fleet on this copy: every service has its own path, and the
   * copy serves them all alike (the desktop's outage is every service's).
   */
  String healthUrl(String via, String service) {
    return "http://127.0.0.1:" + port + "/s/" + service + "/healthz?via=" + via;
  }

  /**
   * What users of one service of a fleet call on this copy ({@code shop/web}: {@link #userUrl()}).
   */
  String userUrl(String service) {
    return service.equals(Recorder.SERVICE)
        ? userUrl()
        : "http://127.0.0.1:" + port + "/s/" + service + "/";
  }

  Behaviour behaviour() {
    return behaviour;
  }

  /** The copy as everyone sees it. */
  synchronized void behave(Behaviour next) {
    behaviour = next;
    releaseHeld();
    if (next == Behaviour.REFUSED) {
      stopListening();
    } else if (server == null) {
      listen();
    }
  }

  /** One prober's path only ({@code UP} heals it); users and other probers see {@link #behave}. */
  void behaveFor(String via, Behaviour path) {
    if (path == Behaviour.UP) {
      byPath.remove(via);
    } else {
      byPath.put(via, path);
    }
  }

  private void listen() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(name + ": cannot listen on port " + port, e);
    }
    server.setExecutor(Executors.newFixedThreadPool(4, Threads.daemon(name + "-http")));
    server.createContext("/", this::handle);
    server.start();
  }

  private void stopListening() {
    if (server != null) {
      server.stop(0);
      ((ExecutorService) server.getExecutor()).shutdownNow();
      server = null;
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().readAllBytes();
    Behaviour now = behaviour;
    String query = exchange.getRequestURI().getQuery();
    if (query != null && query.startsWith("via=")) {
      now = byPath.getOrDefault(query.substring(4), now);
    }
    switch (now) {
      case UP -> answer(exchange, 200, "{\"status\":\"UP\",\"copy\":\"" + name + "\"}");
      case ERROR_500 -> answer(exchange, 500, "{\"status\":\"DOWN\"}");
      case SLOW ->
          timers.schedule(
              () -> answer(exchange, 200, "{\"status\":\"UP\",\"slow\":true}"),
              Behaviour.SLOW_BY.toMillis(),
              TimeUnit.MILLISECONDS);
      // Keep the connection open and say nothing, until the behaviour changes.
      case BLACKHOLED -> held.add(exchange);
      // Only one prober's path can be refused while the copy listens: drop the connection.
      case REFUSED -> exchange.close();
    }
  }

  private static void answer(HttpExchange exchange, int status, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
    } catch (IOException e) {
      // The caller gave up (timed out) first: nothing to tell it.
    }
  }

  private void releaseHeld() {
    held.forEach(HttpExchange::close);
    held.clear();
  }

  @Override
  public synchronized void close() {
    releaseHeld();
    stopListening();
    timers.shutdownNow();
  }
}
