package io.hybridfailover.decider;

import io.hybridfailover.decider.core.Decider;
import io.hybridfailover.decider.core.Fleet;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.RecordKeys;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.identity.TrustedActors;
import io.hybridfailover.events.kafka.EventDeserializer;
import io.hybridfailover.events.kafka.EventSerializer;
import io.hybridfailover.events.kafka.ServicePartitioner;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The decider as a Kafka Streams topology, without Quarkus (tests and benchmarks build it alike):
 *
 * <pre>
 * observations, overrides, results (co-partitioned: one task per partition number)
 *   -> decode and check the signer (invalid, or not signed by the actor it names when actors are
 *      trusted: to &lt;topic&gt;.dlq with the reason in headers)
 *   -> this task's service: decide at once
 *      another task's service (a producer that did not partition by service), or all services
 *      ({@code *}): through {@value #ROUTED_INPUTS} to that task, or to every task
 *   -> decide (state store + changelog, per task; wall-clock tick every 250 ms;
 *              an event the core cannot apply: to &lt;its input topic&gt;.dlq with the reason)
 *   -> transitions, commands, state (each event to its contract topic, partitioned by service)
 * </pre>
 *
 * <p>Producers partition by service ({@link ServicePartitioner}), so an input is decided by the
 * task that read it: one exactly-once commit between an observation and its command, and the fleet
 * spread over as many tasks (threads, instances) as the topics have partitions. An input for all
 * services reaches every task through the routing topic, so each task applies it in the order of
 * its own inputs; a task that gets the same override twice (its producer also wrote it to every
 * partition) applies it once (an override applies once per event id).
 */
public final class DeciderTopology {

  /** The internal topic (prefixed by the application id) that carries inputs to their task. */
  static final String ROUTED_INPUTS = "routed-inputs";

  private DeciderTopology() {}

  public static Topology build(Decider decider, DecisionListener listener, String source) {
    return build(decider, listener, source, TaskCount.fromBroker());
  }

  public static Topology build(
      Decider decider, DecisionListener listener, String source, TaskCount taskCount) {
    return build(decider, listener, source, taskCount, TrustedActors.none());
  }

  /** The topology that accepts only inputs signed by {@code trusted} actors, if any. */
  public static Topology build(
      Decider decider,
      DecisionListener listener,
      String source,
      TaskCount taskCount,
      TrustedActors trusted) {
    return build(store -> new Fleet(decider, store), listener, source, taskCount, trusted);
  }

  /** The topology around any fleet (tests inject a core that fails). */
  static Topology build(
      Function<Fleet.Store, Fleet> fleetOnStore,
      DecisionListener listener,
      String source,
      TaskCount taskCount) {
    return build(fleetOnStore, listener, source, taskCount, TrustedActors.none());
  }

  static Topology build(
      Function<Fleet.Store, Fleet> fleetOnStore,
      DecisionListener listener,
      String source,
      TaskCount taskCount,
      TrustedActors trusted) {
    Serde<Event<?>> events = Serdes.serdeFrom(new EventSerializer(), new EventDeserializer());
    StreamsBuilder builder = new StreamsBuilder();
    // Cached: a service's state written many times within a commit interval reaches RocksDB and
    // its changelog once, at the commit (in the same transaction as the commands), not once per
    // input; half the decider's CPU per observation under load (DeciderThroughputBench). Only
    // what DecideProcessor applied is ever put, so the cache holds no state of a dead-lettered
    // input.
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(DecideProcessor.STATES),
                Serdes.String(),
                Serdes.ByteArray())
            .withCachingEnabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(DecideProcessor.ALL_SERVICES_OVERRIDE),
            Serdes.String(),
            Serdes.ByteArray()));

    Map<String, KStream<String, DecodedInput>> decoded =
        builder.stream(
                TaskCount.INPUTS,
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("inputs"))
            .process(() -> new InputDecoder(taskCount, trusted), Named.as("decode"))
            .split(Named.as("input-"))
            .branch((service, input) -> !input.isValid(), Branched.as("invalid"))
            .branch((service, input) -> input.decideHere(), Branched.as("here"))
            .defaultBranch(Branched.as("elsewhere"));

    decoded
        .get("input-invalid")
        .mapValues(DecodedInput::raw, Named.as("original-bytes"))
        .to(
            (key, raw, context) -> Topics.dlq(context.topic()),
            Produced.with(Serdes.String(), Serdes.ByteArray()).withName("dead-letters"));

    KStream<String, Event<?>> routed =
        decoded
            .get("input-elsewhere")
            .mapValues(DecodedInput::event, Named.as("to-route"))
            .repartition(
                Repartitioned.<String, Event<?>>as(ROUTED_INPUTS)
                    .withKeySerde(Serdes.String())
                    .withValueSerde(events)
                    .withStreamPartitioner(DeciderTopology::taskOrEveryTask));

    decoded
        .get("input-here")
        .mapValues(DecodedInput::event, Named.as("to-decide"))
        .merge(routed, Named.as("decided-here"))
        .process(
            () -> new DecideProcessor(fleetOnStore, listener, source),
            Named.as("decide"),
            DecideProcessor.STATES,
            DecideProcessor.ALL_SERVICES_OVERRIDE)
        .to(
            (key, event, context) -> DecideProcessor.destination(event, context.headers()),
            Produced.with(Serdes.String(), events)
                .withName("published")
                .withStreamPartitioner(DeciderTopology::byService));

    return builder.build();
  }

  /** The task of the key's service; every task for an input about all services. */
  static Optional<Set<Integer>> taskOrEveryTask(
      String topic, String key, Event<?> event, int partitions) {
    if (RecordKeys.ALL_SERVICES.equals(key)) {
      return Optional.of(
          IntStream.range(0, partitions).boxed().collect(Collectors.toUnmodifiableSet()));
    }
    return byService(topic, key, event, partitions);
  }

  /** As every producer of the contract partitions: by the service part of the key. */
  static Optional<Set<Integer>> byService(
      String topic, String key, Event<?> event, int partitions) {
    return Optional.of(Set.of(ServicePartitioner.partition(key, partitions)));
  }
}
