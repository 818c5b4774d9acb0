package io.hybridfailover.devstack.world;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiFaultProxyTest {

  private HttpServer upstream;
  private ApiFaultProxy proxy;
  private final AtomicInteger upstreamWrites = new AtomicInteger();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() throws IOException {
    upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    upstream.createContext(
        "/",
        exchange -> {
          if (!exchange.getRequestMethod().equals("GET")) {
            upstreamWrites.incrementAndGet();
          }
          byte[] body =
              ("{\"method\":\"" + exchange.getRequestMethod() + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    upstream.start();
    proxy = new ApiFaultProxy("http://127.0.0.1:" + upstream.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    proxy.close();
    upstream.stop(0);
  }

  /**
   * How long a test waits for an answer: ample on a loaded machine. A request that must hang is
   * given {@link #LESS_THAN_THE_HANG}, which the proxy's hang (15 s) outlasts.
   */
  private static final Duration ANSWER = Duration.ofSeconds(60);

  private static final Duration LESS_THAN_THE_HANG = Duration.ofSeconds(10);

  private HttpResponse<String> send(String method, String path) throws Exception {
    return send(method, path, ANSWER);
  }

  private HttpResponse<String> send(String method, String path, Duration timeout)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(proxy.url() + path))
            .timeout(timeout)
            .method(method, HttpRequest.BodyPublishers.ofString("{}"))
            .header("Content-Type", "application/json")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void passesReadsAndWritesThroughWhenNoFaultIsOn() throws Exception {
    HttpResponse<String> read = send("GET", "/apis/x/v1/namespaces/shop/things/web");
    HttpResponse<String> write = send("PUT", "/apis/x/v1/namespaces/shop/things/web");

    assertEquals(200, read.statusCode());
    assertEquals("{\"method\":\"PUT\"}", write.body());
    assertEquals(1, upstreamWrites.get());
  }

  @Test
  void answersWritesWith409Then500Then429ThenHangsWhileReadsPass() throws Exception {
    proxy.failWritesFor(Duration.ofSeconds(60));
    List<Integer> codes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      codes.add(send("PUT", "/apis/x/v1/namespaces/shop/things/web").statusCode());
    }

    assertEquals(List.of(409, 500, 429), codes);
    assertThrows(
        java.net.http.HttpTimeoutException.class,
        () -> send("PATCH", "/apis/x/v1/namespaces/shop/things/web", LESS_THAN_THE_HANG),
        "the fourth write hangs past the client's timeout");
    assertEquals(200, send("GET", "/apis/x/v1/namespaces/shop/things/web").statusCode());
    assertEquals(0, upstreamWrites.get(), "no failed write reached the API server");
  }

  @Test
  void callsBackAtTheNextRouteWriteAndDropsIt() throws Exception {
    AtomicInteger called = new AtomicInteger();
    proxy.atNextRouteWrite(called::incrementAndGet);

    assertEquals(
        200, send("PUT", "/apis/p/v1/namespaces/shop/propagationpolicies/web").statusCode());
    assertThrows(
        IOException.class,
        () -> send("PUT", "/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes/web"));
    assertEquals(
        200,
        send("PUT", "/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes/web")
            .statusCode(),
        "only the next route write is dropped");

    assertEquals(1, called.get());
    assertTrue(upstreamWrites.get() == 2, "the dropped write never reached the API server");
  }

  @Test
  void onRequest_theNextReadOfARouteObjectCallsBackToo_andOnlyOnce() throws Exception {
    String route = "/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes/web";
    AtomicInteger called = new AtomicInteger();
    proxy.atNextRouteWrite(called::incrementAndGet);

    assertEquals(200, send("GET", route).statusCode(), "reads pass until asked");
    proxy.alsoAtNextRouteRead();
    assertEquals(
        200,
        send("GET", "/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes").statusCode(),
        "a list (or a watch) of routes is not the read of one");
    assertEquals(
        200,
        send("GET", "/apis/p/v1/namespaces/shop/propagationpolicies/web").statusCode(),
        "nor is another kind's read");
    assertEquals(0, called.get());
    try {
      send("GET", route);
    } catch (IOException dropped) {
      // dropped unanswered (the JDK client may also retry a GET once: that one passes)
    }
    assertEquals(1, called.get());

    assertEquals(200, send("GET", route).statusCode(), "once");
    assertEquals(200, send("PUT", route).statusCode(), "the write hook went with it");
    assertEquals(1, called.get());
  }

  @Test
  void holdsUpTheWritesOfTheStuckObjectsAloneHangThen500sThen409s() throws Exception {
    String stuck = "/apis/gateway.networking.k8s.io/v1/namespaces/blog/httproutes/svc-002";
    String other = "/apis/gateway.networking.k8s.io/v1/namespaces/media/httproutes/svc-003";
    proxy.stickWritesOf(List.of(stuck), Duration.ofSeconds(60));

    assertThrows(
        java.net.http.HttpTimeoutException.class,
        () -> send("PUT", stuck, LESS_THAN_THE_HANG),
        "the stuck object's first write hangs past the client's timeout");
    List<Integer> codes = new ArrayList<>();
    for (int i = 0; i < ApiFaultProxy.STUCK_500S + 2; i++) {
      codes.add(send("PUT", stuck).statusCode());
    }
    assertEquals(List.of(500, 500, 500, 409, 409), codes);
    assertEquals(200, send("PUT", other).statusCode(), "another object's write passes");
    assertEquals(200, send("GET", stuck).statusCode(), "reads of the stuck object pass");
    assertEquals(1, upstreamWrites.get(), "only the other object's write reached the API");
  }

  /**
   * The fabric8 mock API server in CRUD mode (as the local world's API double), an actuator's
   * client through the proxy, and a client that changes objects on the API server directly.
   */
  private void withApiDouble(ApiTest test) throws Exception {
    KubernetesMockServer api =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    api.init(InetAddress.getLoopbackAddress(), 0);
    try (ApiFaultProxy viaProxy = new ApiFaultProxy("http://127.0.0.1:" + api.getPort());
        KubernetesClient direct = client("http://127.0.0.1:" + api.getPort(), ANSWER);
        KubernetesClient actuator = client(viaProxy.url(), LESS_THAN_THE_HANG)) {
      test.run(viaProxy, direct, actuator);
    } finally {
      api.destroy();
    }
  }

  private interface ApiTest {
    void run(ApiFaultProxy proxy, KubernetesClient direct, KubernetesClient actuator)
        throws Exception;
  }

  /** A client of {@code url} in namespace shop that waits {@code timeout} for an answer. */
  private static KubernetesClient client(String url, Duration timeout) {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder(Config.empty())
                .withMasterUrl(url)
                .withNamespace("shop")
                .withRequestTimeout((int) timeout.toMillis())
                // Every answer as the proxy gave it: none retried by the client.
                .withRequestRetryBackoffLimit(0)
                .build())
        .build();
  }

  private static ConfigMap configMap(String name, String backend) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace("shop")
        .withName(name)
        .endMetadata()
        .withData(Map.of("backend", backend))
        .build();
  }

  private static String backend(KubernetesClient client, String name) {
    return client.configMaps().withName(name).get().getData().get("backend");
  }

  @Test
  void carriesWatches_aClientBehindItSeesWhatChangesOnTheApiServer() throws Exception {
    withApiDouble(
        (proxy, direct, actuator) -> {
          direct.configMaps().resource(configMap("web", "web-desktop")).create();
          List<String> seen = new CopyOnWriteArrayList<>();
          proxy.failWritesFor(Duration.ofSeconds(60)); // faults never reach a watch

          try (Watch watch = actuator.configMaps().withName("web").watch(recording(seen::add))) {
            direct.configMaps().resource(configMap("web", "web")).update();

            await().atMost(ANSWER).until(() -> seen.contains("MODIFIED web=web"));
          }
        });
  }

  private static Watcher<ConfigMap> recording(Consumer<String> events) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, ConfigMap object) {
        events.accept(
            action + " " + object.getMetadata().getName() + "=" + object.getData().get("backend"));
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }

  @Test
  void holdsUpAnApiClientsWritesOfTheStuckObjectAlone() throws Exception {
    withApiDouble(
        (proxy, direct, actuator) -> {
          direct.configMaps().resource(configMap("stuck", "web-desktop")).create();
          direct.configMaps().resource(configMap("other", "web-desktop")).create();
          // Through the proxy once before (on a loaded machine the first takes long).
          assertEquals("web-desktop", backend(actuator, "other"));
          proxy.stickWritesOf(
              List.of("/api/v1/namespaces/shop/configmaps/stuck"), Duration.ofSeconds(60));

          List<Integer> answers = new ArrayList<>();
          for (int i = 0; i < ApiFaultProxy.STUCK_500S + 2; i++) {
            try {
              actuator.configMaps().resource(configMap("stuck", "web")).update();
              answers.add(200);
            } catch (KubernetesClientException e) {
              // No code: no answer within the client's request timeout.
              answers.add(Math.max(e.getCode(), 0));
            }
          }
          actuator.configMaps().resource(configMap("other", "web")).update();

          assertEquals(List.of(0, 500, 500, 500, 409), answers);
          assertEquals(
              "web-desktop",
              backend(direct, "stuck"),
              "no write of the stuck object reached the API server");
          assertEquals("web", backend(direct, "other"), "another object's write passes");
          assertEquals("web-desktop", backend(actuator, "stuck"), "its reads pass");
        });
  }
}
