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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Runs the decision core for every service ({@link Fleet}) on Kafka Streams state stores: feeds it
 * each input, and a wall-clock tick every {@link #TICK}, and forwards the decisions' events. The
 * stores are backed by changelog topics and the application runs exactly-once, so state, epochs and
 * published commands move together: a restart (of the decider or the broker) resumes from the last
 * committed state, with no command issued twice or lost.
 *
 * <p>No input can stop it (v1.1 clarification 3): if the core cannot apply an input (it throws),
 * the state writes of that input are dropped, nothing of it is published, and the event goes to its
 * input topic's {@code .dlq} with the reason, in the same transaction; the task goes on. A tick
 * that throws for one service leaves that service as it was and still ticks the others.
 */
final class DecideProcessor extends ContextualProcessor<String, Event<?>, String, Event<?>> {

  private static final Logger LOG = Logger.getLogger(DecideProcessor.class);

  /** Per-service {@link ServiceState}, keyed by service id. */
  static final String STATES = "decider-states";

  /** The latest override for all services ({@code *}), applied to services first seen later. */
  static final String ALL_SERVICES_OVERRIDE = "decider-all-services-override";

  static final Duration TICK = Duration.ofMillis(250);

  private final Function<Fleet.Store, Fleet> fleetOnStore;
  private final DecisionListener listener;
  private final String source;
  private final CommitPacing commitPacing = new CommitPacing();
  private StoreOnStateStores store;
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
    store =
        new StoreOnStateStores(
            context.getStateStore(STATES), context.getStateStore(ALL_SERVICES_OVERRIDE));
    fleet = fleetOnStore.apply(store);
    store.all().forEach(listener::stateChanged);
    context.schedule(TICK, PunctuationType.WALL_CLOCK_TIME, timestamp -> tick());
    context.schedule(
        CommitPacing.PUNCTUATION,
        PunctuationType.WALL_CLOCK_TIME,
        timestamp -> {
          if (commitPacing.punctuated(timestamp)) {
            context().commit();
          }
        });
  }

  @Override
  public void process(Record<String, Event<?>> record) {
    List<Decision> decisions;
    try {
      decisions = fleet.onEvent(record.value(), now());
      store.commit();
    } catch (RuntimeException e) {
      store.discard();
      deadLetter(record, e);
      pace(false);
      return;
    }
    pace(publish(decisions));
  }

  private void tick() {
    List<Decision> decisions =
        fleet.onTick(
            now(),
            (service, e) ->
                LOG.errorf(e, "the tick of %s failed; its state is kept as it was", service));
    store.commit();
    pace(publish(decisions));
  }

  /**
   * A command is readable only once its transaction commits: ask for it as {@link CommitPacing}
   * says.
   */
  private void pace(boolean commanded) {
    if (commitPacing.processed(context().currentSystemTimeMs(), commanded)) {
      context().commit();
    }
  }

  /** The event, to {@code <input topic>.dlq}, with the same headers as the decode step's. */
  private void deadLetter(Record<String, Event<?>> record, RuntimeException e) {
    String reason =
        "the decider cannot apply this event: "
            + Optional.ofNullable(e.getMessage()).orElse(e.getClass().getName());
    String topic = header(record.headers(), InputDecoder.ORIGIN_TOPIC_HEADER).orElse("unknown");
    LOG.warnf(
        "%s (event %s from %s, partition %s, offset %s); sent to its dead-letter topic",
        reason,
        record.value().id(),
        topic,
        header(record.headers(), InputDecoder.ORIGIN_PARTITION_HEADER).orElse("?"),
        header(record.headers(), InputDecoder.ORIGIN_OFFSET_HEADER).orElse("?"));
    Headers headers =
        new RecordHeaders()
            .add(InputDecoder.REASON_HEADER, InputDecoder.utf8(reason))
            .add(InputDecoder.TOPIC_HEADER, InputDecoder.utf8(topic))
            .add(
                InputDecoder.PARTITION_HEADER,
                InputDecoder.utf8(
                    header(record.headers(), InputDecoder.ORIGIN_PARTITION_HEADER).orElse("-1")))
            .add(
                InputDecoder.OFFSET_HEADER,
                InputDecoder.utf8(
                    header(record.headers(), InputDecoder.ORIGIN_OFFSET_HEADER).orElse("-1")));
    context()
        .forward(
            new Record<String, Event<?>>(
                record.key(), record.value(), context().currentSystemTimeMs(), headers));
  }

  /** Where {@link DeciderTopology} sends a record: its dead-letter topic, or its event's topic. */
  static String destination(Event<?> event, Headers headers) {
    return header(headers, InputDecoder.TOPIC_HEADER)
        .map(io.hybridfailover.events.Topics::dlq)
        .orElse(event.topic());
  }

  private static Optional<String> header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null
        ? Optional.empty()
        : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
  }

  /** Forwards the decisions' events; returns whether they hold a command. */
  private boolean publish(List<Decision> decisions) {
    long timestamp = context().currentSystemTimeMs();
    boolean commanded = false;
    for (Decision decision : decisions) {
      decision.transitions().forEach(transition -> forward(transition, timestamp));
      decision.commands().forEach(command -> forward(command, timestamp));
      decision.state().ifPresent(state -> forward(state, timestamp));
      if (decision.state().isPresent()) {
        listener.stateChanged(decision.serviceState());
      }
      commanded |= !decision.commands().isEmpty();
    }
    return commanded;
  }

  private void forward(EventData data, long timestamp) {
    Event<?> event = Event.of(source, data);
    context().forward(new Record<>(RecordKeys.keyFor(event), event, timestamp));
  }

  private Instant now() {
    return Instant.ofEpochMilli(context().currentSystemTimeMs());
  }

  /**
   * The fleet's states in the processor's two changelogged key-value stores. Writes are staged
   * until {@link #commit}, so that an input the core cannot apply leaves no partial state (an
   * override for all services touches many).
   *
   * <p>The task's states are also kept decoded in memory, loaded from the store when the task
   * starts (after any restore) and written through on every commit, so an input costs one encode
   * (for the store and its changelog) and no decode. A new processor (a task created, moved or
   * revived after an aborted transaction) loads them afresh from the store.
   */
  private static final class StoreOnStateStores implements Fleet.Store {

    private final KeyValueStore<String, byte[]> states;
    private final KeyValueStore<String, byte[]> allServicesOverride;
    private final EventCodec codec = new EventCodec();
    private final Map<String, ServiceState> staged = new TreeMap<>();
    private final Map<String, ServiceState> stored = new TreeMap<>();
    private Event<OperatorOverride> stagedOverride;

    StoreOnStateStores(
        KeyValueStore<String, byte[]> states, KeyValueStore<String, byte[]> allServicesOverride) {
      this.states = states;
      this.allServicesOverride = allServicesOverride;
      try (KeyValueIterator<String, byte[]> iterator = states.all()) {
        iterator.forEachRemaining(
            entry -> stored.put(entry.key, ServiceStateCodec.decode(entry.value)));
      }
    }

    void commit() {
      staged
          .values()
          .forEach(state -> states.put(state.service(), ServiceStateCodec.encode(state)));
      stored.putAll(staged);
      if (stagedOverride != null) {
        allServicesOverride.put(RecordKeys.ALL_SERVICES, codec.encode(stagedOverride));
      }
      discard();
    }

    void discard() {
      staged.clear();
      stagedOverride = null;
    }

    @Override
    public Optional<ServiceState> get(String service) {
      ServiceState state = staged.get(service);
      return Optional.ofNullable(state != null ? state : stored.get(service));
    }

    @Override
    public void put(ServiceState state) {
      staged.put(state.service(), state);
    }

    @Override
    public List<ServiceState> all() {
      Map<String, ServiceState> all = new TreeMap<>(stored);
      all.putAll(staged);
      return new ArrayList<>(all.values());
    }

    @Override
    public Optional<Event<OperatorOverride>> standingOverride() {
      return stagedOverride != null
          ? Optional.of(stagedOverride)
          : Optional.ofNullable(allServicesOverride.get(RecordKeys.ALL_SERVICES))
              .map(bytes -> codec.decode(bytes, OperatorOverride.class));
    }

    @Override
    public void standingOverride(Event<OperatorOverride> override) {
      stagedOverride = override;
    }
  }
}
