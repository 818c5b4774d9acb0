package io.hybridfailover.devstack.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.hybridfailover.devstack.world.TcpProxy;
import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each packaged service started with no broker at its bootstrap address, as a real process: its
 * health port answers at once, it is live and not ready, readiness names the unreachable address,
 * it stops within 5 s of SIGTERM; and a second process becomes ready by itself once a broker
 * appears at that address (a forwarder to the embedded broker, started there later).
 */
class NoBrokerIT {

  private static final Path ROOT =
      Path.of(System.getProperty("devstack.root", "..")).toAbsolutePath();

  /** The start of a JVM on a loaded 2-core machine, not a wait for Kafka (60 s before the fix). */
  private static final Duration HEALTH_PORT_BOUND = Duration.ofSeconds(30);

  /** The spec: Kubernetes' grace period leaves no more. */
  private static final Duration SIGTERM_BOUND = Duration.ofSeconds(5);

  /**
   * Generous: consumer groups, Kafka Streams and the actuators' history read on a shared machine.
   */
  private static final Duration READY_BOUND = Duration.ofSeconds(60);

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static EmbeddedKafka kafka;
  private static KubernetesMockServer api;

  @BeforeAll
  static void startBrokerAndApi() {
    kafka = EmbeddedKafka.start(1);
    // The actuators' API server: nothing is asked of them here, so it answers 404 to everything.
    api = new KubernetesMockServer(false);
    api.init(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterAll
  static void stopBrokerAndApi() {
    if (api != null) {
      api.destroy();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"health-prober", "failover-decider", "traffic-switcher", "karmada-actuator"})
  void withoutABrokerItIsLiveNotReadyStopsOnSigtermAndBecomesReadyWhenOneAppears(String module)
      throws Exception {
    Path work = ROOT.resolve("devstack/target/no-broker-it").resolve(module);
    int brokerPort = freePort();
    String bootstrap = "127.0.0.1:" + brokerPort;

    // First process: no broker at all; SIGTERM.
    try (Service first = Service.start(module, work.resolve("first"), bootstrap)) {
      long healthMs = first.awaitHealthPort(HEALTH_PORT_BOUND);
      HttpResponse<String> live = first.get("/q/health/live");
      assertEquals(200, live.statusCode(), module + " live: " + live.body());
      HttpResponse<String> ready = first.get("/q/health/ready");
      assertEquals(503, ready.statusCode(), module + " ready: " + ready.body());
      assertTrue(
          ready.body().contains("Kafka not reachable at " + bootstrap),
          module + " readiness names the address: " + ready.body());
      long stopMs = first.sigterm(Duration.ofSeconds(60));
      System.out.printf(
          "%s without a broker: health port after %d ms, stopped %d ms after SIGTERM%n",
          module, healthMs, stopMs);
      assertTrue(
          stopMs <= SIGTERM_BOUND.toMillis(),
          module + " stopped " + stopMs + " ms after SIGTERM; see " + first.log);
    }

    // Second process: the broker appears at its bootstrap address once it runs.
    try (Service second = Service.start(module, work.resolve("second"), bootstrap)) {
      second.awaitHealthPort(HEALTH_PORT_BOUND);
      assertEquals(503, second.get("/q/health/ready").statusCode(), module + " ready early");
      try (TcpProxy broker = TcpProxy.start(brokerPort, kafka.bootstrapServers())) {
        long appearedAt = System.nanoTime();
        await(module + " ready within " + READY_BOUND + " after the broker appeared")
            .atMost(READY_BOUND)
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(500))
            .until(() -> second.get("/q/health/ready").statusCode() == 200);
        long readyMs = (System.nanoTime() - appearedAt) / 1_000_000;
        long stopMs = second.sigterm(Duration.ofSeconds(60));
        System.out.printf(
            "%s: ready %d ms after the broker appeared; with it, stopped %d ms after SIGTERM%n",
            module, readyMs, stopMs);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** One packaged service as a process of its own, with its configuration in its directory. */
  private static final class Service implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int httpPort;
    private final long startedAt = System.nanoTime();

    private Service(Process process, Path log, int httpPort) {
      this.process = process;
      this.log = log;
      this.httpPort = httpPort;
    }

    /**
     * Starts the module's packaged application in {@code dir}, as ./demo does: the service list in
     * {@code config/application.properties}, the broker and the API server given by properties.
     */
    static Service start(String module, Path dir, String bootstrap) throws IOException {
      Path app = ROOT.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
      assertTrue(Files.isRegularFile(app), "packaged application missing: " + app);
      Files.createDirectories(dir.resolve("config"));
      int httpPort = freePort();
      String entry = "hybrid.services.\"shop/web\".";
      Map<String, String> config = new LinkedHashMap<>();
      config.put("quarkus.http.host", "127.0.0.1");
      config.put("quarkus.http.port", String.valueOf(httpPort));
      config.put("kafka.bootstrap.servers", bootstrap);
      config.put(entry + "desktop.url", "http://127.0.0.1:9/healthz");
      config.put(entry + "gke.url", "http://127.0.0.1:9/healthz");
      config.put(entry + "routing.kind", "HTTPRoute");
      config.put(entry + "routing.desktop-backend", "web-desktop");
      config.put(entry + "routing.gke-backend", "web");
      config.put(entry + "placement.kind", "PropagationPolicy");
      config.put(entry + "placement.name", "web");
      config.put("quarkus.kubernetes-client.api-server-url", "http://127.0.0.1:" + api.getPort());
      config.put("kafka-streams.state.dir", dir.resolve("state").toString());
      StringBuilder properties = new StringBuilder();
      config.forEach((key, value) -> properties.append(key).append('=').append(value).append('\n'));
      Files.writeString(
          dir.resolve("config").resolve("application.properties"),
          properties,
          StandardCharsets.UTF_8);
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-XX:+UseSerialGC",
                  "-XX:TieredStopAtLevel=1",
                  "-jar",
                  app.toString()));
      Path log = dir.resolve(module + ".log");
      Process process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new Service(process, log, httpPort);
    }

    /** Waits until the health port answers; returns how long after the start that was. */
    long awaitHealthPort(Duration bound) throws Exception {
      Duration left = bound.minusNanos(System.nanoTime() - startedAt);
      await("health port open within " + bound + "; see " + log)
          .atMost(left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(100))
          .ignoreException(ConnectException.class)
          .until(
              () -> {
                assertTrue(process.isAlive(), "exited at start-up; see " + log);
                get("/q/health/live");
                return true;
              });
      return (System.nanoTime() - startedAt) / 1_000_000;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    /** SIGTERM; returns the milliseconds until the process had exited. */
    long sigterm(Duration atMost) throws InterruptedException {
      long sent = System.nanoTime();
      process.destroy();
      process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
      return (System.nanoTime() - sent) / 1_000_000;
    }

    @Override
    public void close() throws InterruptedException {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
