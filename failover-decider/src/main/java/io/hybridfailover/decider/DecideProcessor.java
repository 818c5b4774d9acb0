package io.hybridfailover.decider;

import io.hybridfailover.decider.core.Decision;
import io.hybridfailover.decider.core.Fleet;
import io.hybridfailover.decider.core.ServiceState;
import io.hybridfailover.decider.core.ServiceStateCodec;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.EventData;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.RecordKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs the decision core for every service ({@link Fleet}) on Kafka Streams state stores: feeds it
 * each input, and a wall-clock tick every {@link #TICK}, and forwards the decisions' events. The
 * stores are backed by changelog topics and the application runs exactly-once, so state, epochs and
 * published commands move together: a restart (of the decider or the broker) resumes from the last
 * committed state, with no command issued twice or lost.
 */
final class DecideProcessor extends ContextualProcessor<String, Event<?>, String, Event<?>> {

  /** Per-service {@link ServiceState}, keyed by service id. */
  static final String STATES = "decider-states";

  /** The latest override for all services ({@code *}), applied to services first seen later. */
  static final String ALL_SERVICES_OVERRIDE = "decider-all-services-override";

  static final Duration TICK = Duration.ofMillis(250);

  private final Function<Fleet.Store, Fleet> fleetOnStore;
  private final DecisionListener listener;
  private final String source;
  private Fleet fleet;

  DecideProcessor(
      Function<Fleet.Store, Fleet> fleetOnStore, DecisionListener listener, String source) {
    this.fleetOnStore = fleetOnStore;
    this.listener = listener;
    this.source = source;
  }

  @Override
  public void init(ProcessorContext<String, Event<?>> context) {
    super.init(context);
    StoreOnStateStores store =
        new StoreOnStateStores(
            context.getStateStore(STATES), context.getStateStore(ALL_SERVICES_OVERRIDE));
    fleet = fleetOnStore.apply(store);
    store.all().forEach(listener::stateChanged);
    context.schedule(
        TICK, PunctuationType.WALL_CLOCK_TIME, timestamp -> publish(fleet.onTick(now())));
  }

  @Override
  public void process(Record<String, Event<?>> record) {
    publish(fleet.onEvent(record.value(), now()));
  }

  private void publish(List<Decision> decisions) {
    long timestamp = context().currentSystemTimeMs();
    for (Decision decision : decisions) {
      decision.transitions().forEach(transition -> forward(transition, timestamp));
      decision.commands().forEach(command -> forward(command, timestamp));
      decision.state().ifPresent(state -> forward(state, timestamp));
      if (decision.state().isPresent()) {
        listener.stateChanged(decision.serviceState());
      }
    }
  }

  private void forward(EventData data, long timestamp) {
    Event<?> event = Event.of(source, data);
    context().forward(new Record<>(RecordKeys.keyFor(event), event, timestamp));
  }

  private Instant now() {
    return Instant.ofEpochMilli(context().currentSystemTimeMs());
  }

  /** The fleet's states in the processor's two changelogged key-value stores. */
  private static final class StoreOnStateStores implements Fleet.Store {

    private final KeyValueStore<String, byte[]> states;
    private final KeyValueStore<String, byte[]> allServicesOverride;
    private final EventCodec codec = new EventCodec();

    StoreOnStateStores(
        KeyValueStore<String, byte[]> states, KeyValueStore<String, byte[]> allServicesOverride) {
      this.states = states;
      this.allServicesOverride = allServicesOverride;
    }

    @Override
    public Optional<ServiceState> get(String service) {
      return Optional.ofNullable(states.get(service)).map(ServiceStateCodec::decode);
    }

    @Override
    public void put(ServiceState state) {
      states.put(state.service(), ServiceStateCodec.encode(state));
    }

    @Override
    public List<ServiceState> all() {
      List<ServiceState> all = new ArrayList<>();
      try (KeyValueIterator<String, byte[]> iterator = states.all()) {
        iterator.forEachRemaining(entry -> all.add(ServiceStateCodec.decode(entry.value)));
      }
      return all;
    }

    @Override
    public Optional<Event<OperatorOverride>> standingOverride() {
      return Optional.ofNullable(allServicesOverride.get(RecordKeys.ALL_SERVICES))
          .map(bytes -> codec.decode(bytes, OperatorOverride.class));
    }

    @Override
    public void standingOverride(Event<OperatorOverride> override) {
      allServicesOverride.put(RecordKeys.ALL_SERVICES, codec.encode(override));
    }
  }
}
