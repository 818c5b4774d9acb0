package io.hybridfailover.prober;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real HTTP servers on 127.0.0.1 for probe tests: {@code /up} answers 200 "ok", {@code /fail} 500,
 * {@code /hang} never answers, {@code /slow} answers 200 "ok" only after {@link #SLOW_ANSWER_DELAY}
 * (well after any probe timeout of the tests), {@code /trickle} sends a status and then one body
 * byte every 100 ms, without end. {@link #blackhole()} accepts connections and never reads or
 * writes, like a home line that stopped forwarding.
 */
public final class LoopbackServer implements AutoCloseable {

  /** How long {@code /slow} waits before it answers. */
  public static final Duration SLOW_ANSWER_DELAY = Duration.ofSeconds(2);

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final AtomicInteger requests = new AtomicInteger();

  private LoopbackServer(HttpServer server) {
    this.server = server;
  }

  public static LoopbackServer start() {
    try {
      HttpServer http =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
      LoopbackServer server = new LoopbackServer(http);
      http.createContext("/up", exchange -> server.answer(exchange, 200, "ok"));
      http.createContext("/fail", exchange -> server.answer(exchange, 500, "broken"));
      http.createContext("/hang", server::hang);
      http.createContext("/slow", server::slow);
      http.createContext("/trickle", server::trickle);
      http.setExecutor(server.executor);
      http.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:<port><path>}. */
  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Requests received so far, on any path. */
  public int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private void answer(HttpExchange exchange, int status, String body) throws IOException {
    requests.incrementAndGet();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private void hang(HttpExchange exchange) {
    requests.incrementAndGet();
    awaitClose(Long.MAX_VALUE);
  }

  private void slow(HttpExchange exchange) throws IOException {
    if (!awaitClose(SLOW_ANSWER_DELAY.toMillis())) {
      answer(exchange, 200, "ok");
    }
  }

  private void trickle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    while (!awaitClose(100)) {
      out.write('.');
      out.flush();
    }
  }

  private boolean awaitClose(long millis) {
    try {
      return closing.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /** A port that accepts TCP connections and never answers. */
  public static Blackhole blackhole() {
    return new Blackhole(null);
  }

  /**
   * A port that answers every connection at once with a plain-HTTP error and closes it: what a TLS
   * client meets when the server does not speak TLS.
   */
  public static Blackhole plainTextOnly() {
    return new Blackhole(
        "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * A loopback port whose connections are accepted and then left silent, or answered with fixed
   * bytes.
   */
  public static final class Blackhole implements AutoCloseable {

    private final ServerSocket socket;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private final byte[] answer;

    private Blackhole(byte[] answer) {
      this.answer = answer;
      try {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      acceptor = new Thread(this::acceptForever, "blackhole-" + socket.getLocalPort());
      acceptor.setDaemon(true);
      acceptor.start();
    }

    public String url(String path) {
      return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    /** Connections accepted so far. */
    public int connections() {
      return accepted.size();
    }

    private void acceptForever() {
      try {
        while (!socket.isClosed()) {
          Socket connection = socket.accept();
          accepted.add(connection);
          if (answer != null) {
            connection.getOutputStream().write(answer);
            connection.close();
          }
        }
      } catch (IOException closed) {
        // close() was called
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket connection : accepted) {
        connection.close();
      }
    }
  }

  /** A loopback port with nothing listening: connecting is refused. */
  public static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
