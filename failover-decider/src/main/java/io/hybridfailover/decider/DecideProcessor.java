package io.hybridfailover.decider;

import io.hybridfailover.decider.core.Decider;
import io.hybridfailover.decider.core.Decision;
import io.hybridfailover.decider.core.ServiceState;
import io.hybridfailover.decider.core.ServiceStateCodec;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.EventData;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.RecordKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs the decision core for every service: loads the service's state from the state store, feeds
 * it the input (or a wall-clock tick every {@link #TICK}), stores the new state and forwards the
 * decision's events. The store is backed by a changelog topic and the application runs
 * exactly-once, so state, epochs and published commands move together: a restart (of the decider or
 * the broker) resumes from the last committed state, with no command issued twice or lost.
 */
final class DecideProcessor extends ContextualProcessor<String, Event<?>, String, Event<?>> {

  /** Per-service {@link ServiceState}, keyed by service id. */
  static final String STATES = "decider-states";

  /** The latest override for all services ({@code *}), applied to services first seen later. */
  static final String ALL_SERVICES_OVERRIDE = "decider-all-services-override";

  static final Duration TICK = Duration.ofMillis(250);

  private final Decider decider;
  private final DecisionListener listener;
  private final String source;
  private final EventCodec codec = new EventCodec();
  private KeyValueStore<String, byte[]> states;
  private KeyValueStore<String, byte[]> allServicesOverride;

  DecideProcessor(Decider decider, DecisionListener listener, String source) {
    this.decider = decider;
    this.listener = listener;
    this.source = source;
  }

  @Override
  public void init(ProcessorContext<String, Event<?>> context) {
    super.init(context);
    states = context.getStateStore(STATES);
    allServicesOverride = context.getStateStore(ALL_SERVICES_OVERRIDE);
    for (ServiceState state : storedStates()) {
      listener.stateChanged(state);
    }
    context.schedule(TICK, PunctuationType.WALL_CLOCK_TIME, timestamp -> tick());
  }

  @Override
  @SuppressWarnings("unchecked")
  public void process(Record<String, Event<?>> record) {
    Instant now = now();
    Event<?> event = record.value();
    EventData data = event.data();
    if (RecordKeys.ALL_SERVICES.equals(data.service())) {
      if (data instanceof OperatorOverride) {
        Event<OperatorOverride> override = (Event<OperatorOverride>) event;
        allServicesOverride.put(RecordKeys.ALL_SERVICES, codec.encode(override));
        for (ServiceState state : storedStates()) {
          apply(state, decider.onOverride(state, override, now));
        }
      }
      // An observation about every service (the Karmada cluster signal) is for alerting only.
      return;
    }
    ServiceState state = load(data.service(), now);
    if (data instanceof Observation) {
      apply(state, decider.onObservation(state, (Event<Observation>) event, now));
    } else if (data instanceof OperatorOverride) {
      apply(state, decider.onOverride(state, (Event<OperatorOverride>) event, now));
    } else if (data instanceof ActuationResult) {
      apply(state, decider.onResult(state, (Event<ActuationResult>) event, now));
    }
  }

  private void tick() {
    Instant now = now();
    for (ServiceState state : storedStates()) {
      apply(state, decider.onTick(state, now));
    }
  }

  /**
   * A service seen for the first time starts in its initial state, under the standing override for
   * all services if there is one.
   */
  @SuppressWarnings("unchecked")
  private ServiceState load(String service, Instant now) {
    byte[] stored = states.get(service);
    if (stored != null) {
      return ServiceStateCodec.decode(stored);
    }
    ServiceState initial = ServiceState.initial(service);
    byte[] standing = allServicesOverride.get(RecordKeys.ALL_SERVICES);
    if (standing == null) {
      return initial;
    }
    Event<OperatorOverride> override = codec.decode(standing, OperatorOverride.class);
    return apply(initial, decider.onOverride(initial, override, now));
  }

  private ServiceState apply(ServiceState before, Decision decision) {
    ServiceState after = decision.serviceState();
    if (!after.equals(before) || states.get(after.service()) == null) {
      states.put(after.service(), ServiceStateCodec.encode(after));
    }
    long timestamp = context().currentSystemTimeMs();
    decision.transitions().forEach(transition -> forward(transition, timestamp));
    decision.commands().forEach(command -> forward(command, timestamp));
    decision.state().ifPresent(state -> forward(state, timestamp));
    if (decision.state().isPresent()) {
      listener.stateChanged(after);
    }
    return after;
  }

  private void forward(EventData data, long timestamp) {
    Event<?> event = Event.of(source, data);
    context().forward(new Record<>(RecordKeys.keyFor(event), event, timestamp));
  }

  private List<ServiceState> storedStates() {
    List<ServiceState> all = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> iterator = states.all()) {
      while (iterator.hasNext()) {
        KeyValue<String, byte[]> entry = iterator.next();
        all.add(ServiceStateCodec.decode(entry.value));
      }
    }
    return all;
  }

  private Instant now() {
    return Instant.ofEpochMilli(context().currentSystemTimeMs());
  }
}
