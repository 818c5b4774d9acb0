package io.hybridfailover.devstack.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
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
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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

  private HttpResponse<String> send(String method, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(proxy.url() + path))
            .timeout(Duration.ofSeconds(3))
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
    proxy.failWritesFor(Duration.ofSeconds(30));
    List<Integer> codes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      codes.add(send("PUT", "/apis/x/v1/namespaces/shop/things/web").statusCode());
    }

    assertEquals(List.of(409, 500, 429), codes);
    assertThrows(
        java.net.http.HttpTimeoutException.class,
        () -> send("PATCH", "/apis/x/v1/namespaces/shop/things/web"),
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
    proxy.stickWritesOf(List.of(stuck), Duration.ofSeconds(30));

    assertThrows(
        java.net.http.HttpTimeoutException.class,
        () -> send("PUT", stuck),
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
}
