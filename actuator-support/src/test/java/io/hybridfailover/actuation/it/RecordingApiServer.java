package io.hybridfailover.actuation.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The fabric8 mock API server in CRUD mode, standalone in the test JVM for an actuator running as
 * its own process, recording every write it accepts, in the order it accepts them; writes can be
 * made to fail with a 500, as an API server whose etcd is down.
 */
final class RecordingApiServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

  /** A write the API server accepted: the object as written, for PUT and POST. */
  record Write(String method, String path, JsonNode body) {

    Optional<String> annotation(String name) {
      JsonNode value = body.path("metadata").path("annotations").path(name);
      return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }
  }

  private final List<Write> accepted = new CopyOnWriteArrayList<>();
  private volatile boolean failWrites;
  private final KubernetesMockServer server;

  RecordingApiServer() {
    KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
    Dispatcher recording =
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (!WRITES.contains(request.getMethod())) {
              return crud.dispatch(request);
            }
            if (failWrites) {
              return new MockResponse()
                  .setResponseCode(500)
                  .setBody(
                      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                          + "\"code\":500,\"message\":\"etcd is down\"}");
            }
            Write write = new Write(request.getMethod(), request.getPath(), body(request));
            // One write at a time, so that the record's order is the order the server accepted
            // them in (two actuator processes write side by side).
            synchronized (accepted) {
              MockResponse response = crud.dispatch(request);
              if (response.code() < 300) {
                accepted.add(write);
              }
              return response;
            }
          }
        };
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), recording, false);
    server.init();
  }

  /** What the actuator is given as {@code quarkus.kubernetes-client.api-server-url}. */
  String url() {
    return server.url("/");
  }

  /** A client of this server, for the test to seed and read objects. */
  KubernetesClient client() {
    return server.createClient();
  }

  /** Every write accepted so far, in order, to objects under {@code path}. */
  List<Write> writesTo(String path) {
    return accepted.stream().filter(w -> w.path().startsWith(path)).toList();
  }

  void failWrites(boolean fail) {
    failWrites = fail;
  }

  private static JsonNode body(RecordedRequest request) {
    try {
      // getBytes, not getUtf8Body: reading the body empties it for the CRUD dispatcher.
      byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
      return body.length == 0 ? JSON.nullNode() : JSON.readTree(body);
    } catch (IOException e) {
      return JSON.nullNode();
    }
  }

  @Override
  public void close() {
    server.destroy();
  }
}
