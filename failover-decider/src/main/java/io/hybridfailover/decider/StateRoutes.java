package io.hybridfailover.decider;

import io.hybridfailover.decider.core.ServiceState;
import io.hybridfailover.decider.core.ServiceStateCodec;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Read-only view of what the decider holds, read from its state store: each service as the same
 * CloudEvent it publishes on {@code hybrid.failover.state.v1}. {@code GET /state} (all) and {@code
 * GET /state/<namespace>/<name>} (one; 404 if the decider has seen nothing about it, 503 while the
 * store is being restored). Plain Vert.x routes on the HTTP server the health checks already use: a
 * REST framework for two read-only paths cost the decider's start-up time (docs in the README).
 */
@ApplicationScoped
public class StateRoutes {

  private final EventCodec codec = new EventCodec();

  void routes(@Observes Router router, Instance<KafkaStreams> streams, ServiceConfig service) {
    String source = "/failover-decider/" + service.instanceId();
    router
        .get("/state")
        .blockingHandler(ctx -> answer(ctx, () -> all(store(streams), source)), false);
    router
        .get("/state/:namespace/:name")
        .blockingHandler(
            ctx -> {
              String id = ctx.pathParam("namespace") + "/" + ctx.pathParam("name");
              answer(ctx, () -> one(store(streams), source, id));
            },
            false);
  }

  /** What a request answers: a status and a JSON or text body. */
  private record Answer(int status, String body) {}

  private static void answer(RoutingContext ctx, Supplier<Answer> reading) {
    Answer answer;
    try {
      answer = reading.get();
    } catch (InvalidStateStoreException e) {
      answer = new Answer(503, "state is being restored: " + e.getMessage());
    }
    boolean json = answer.status() == 200;
    ctx.response()
        .setStatusCode(answer.status())
        .putHeader("Content-Type", json ? "application/json" : "text/plain; charset=utf-8")
        .end(answer.body());
  }

  private Answer all(ReadOnlyKeyValueStore<String, byte[]> store, String source) {
    List<String> events = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> iterator = store.all()) {
      iterator.forEachRemaining(entry -> events.add(asEvent(entry.value, source)));
    }
    return new Answer(200, "[" + String.join(",", events) + "]");
  }

  private Answer one(ReadOnlyKeyValueStore<String, byte[]> store, String source, String service) {
    byte[] state = store.get(service);
    return state == null
        ? new Answer(404, "the decider has seen nothing about " + service)
        : new Answer(200, asEvent(state, source));
  }

  private String asEvent(byte[] stored, String source) {
    ServiceState state = ServiceStateCodec.decode(stored);
    return codec.encodeToString(Event.of(source, state.toFailoverState()));
  }

  private static ReadOnlyKeyValueStore<String, byte[]> store(Instance<KafkaStreams> streams) {
    return streams
        .get()
        .store(
            StoreQueryParameters.fromNameAndType(
                DecideProcessor.STATES, QueryableStoreTypes.keyValueStore()));
  }
}
