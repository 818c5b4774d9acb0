package io.hybridfailover.decider;

import io.hybridfailover.decider.core.ServiceState;
import io.hybridfailover.decider.core.ServiceStateCodec;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Read-only view of what the decider holds, read from its state store: each service as the same
 * CloudEvent it publishes on {@code hybrid.failover.state.v1}.
 */
@Path("/state")
@Produces(MediaType.APPLICATION_JSON)
public class StateResource {

  private final KafkaStreams streams;
  private final EventCodec codec = new EventCodec();
  private final String source;

  StateResource(KafkaStreams streams, ServiceConfig service) {
    this.streams = streams;
    this.source = "/failover-decider/" + service.instanceId();
  }

  @GET
  public String all() {
    List<String> events = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> iterator = store().all()) {
      iterator.forEachRemaining(entry -> events.add(asEvent(entry.value)));
    }
    return "[" + String.join(",", events) + "]";
  }

  @GET
  @Path("/{namespace}/{name}")
  public String one(@PathParam("namespace") String namespace, @PathParam("name") String name) {
    String service = namespace + "/" + name;
    byte[] state = store().get(service);
    if (state == null) {
      throw new NotFoundException("the decider has seen nothing about " + service);
    }
    return asEvent(state);
  }

  private String asEvent(byte[] stored) {
    ServiceState state = ServiceStateCodec.decode(stored);
    return codec.encodeToString(Event.of(source, state.toFailoverState()));
  }

  private ReadOnlyKeyValueStore<String, byte[]> store() {
    try {
      return streams.store(
          StoreQueryParameters.fromNameAndType(
              DecideProcessor.STATES, QueryableStoreTypes.keyValueStore()));
    } catch (InvalidStateStoreException e) {
      throw new ServiceUnavailableException("state is being restored: " + e.getMessage());
    }
  }
}
