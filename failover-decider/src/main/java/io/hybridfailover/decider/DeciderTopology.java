package io.hybridfailover.decider;

import io.hybridfailover.decider.core.Decider;
import io.hybridfailover.decider.core.Fleet;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.kafka.EventDeserializer;
import io.hybridfailover.events.kafka.EventSerializer;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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
 * observations, overrides, results
 *   -> decode (invalid: to &lt;topic&gt;.dlq with the reason in headers)
 *   -> re-key by service, repartition to one partition (all services in one task)
 *   -> decide (state store + changelog; wall-clock tick every 250 ms;
 *              an event the core cannot apply: to &lt;its input topic&gt;.dlq with the reason)
 *   -> transitions, commands, state (each event to its contract topic)
 * </pre>
 *
 * <p>All services share one partition after the re-key, so an override for all services ({@code *})
 * reaches every service's state in one place, in order with their inputs. One task decides for
 * thousands of services at the probe rates this product sees; standby replicas give fail-over of
 * the decider itself.
 */
public final class DeciderTopology {

  static final String INPUTS_BY_SERVICE = "inputs-by-service";

  private DeciderTopology() {}

  public static Topology build(Decider decider, DecisionListener listener, String source) {
    return build(store -> new Fleet(decider, store), listener, source);
  }

  /** The topology around any fleet (tests inject a core that fails). */
  static Topology build(
      Function<Fleet.Store, Fleet> fleetOnStore, DecisionListener listener, String source) {
    Serde<Event<?>> events = Serdes.serdeFrom(new EventSerializer(), new EventDeserializer());
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(DecideProcessor.STATES),
            Serdes.String(),
            Serdes.ByteArray()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(DecideProcessor.ALL_SERVICES_OVERRIDE),
            Serdes.String(),
            Serdes.ByteArray()));

    Map<String, KStream<String, DecodedInput>> decoded =
        builder.stream(
                List.of(Topics.OBSERVATIONS, Topics.OVERRIDES, Topics.RESULTS),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("inputs"))
            .process(InputDecoder::new, Named.as("decode"))
            .split(Named.as("input-"))
            .branch((service, input) -> input.isValid(), Branched.as("valid"))
            .defaultBranch(Branched.as("invalid"));

    decoded
        .get("input-invalid")
        .mapValues(DecodedInput::raw, Named.as("original-bytes"))
        .to(
            (key, raw, context) -> Topics.dlq(context.topic()),
            Produced.with(Serdes.String(), Serdes.ByteArray()).withName("dead-letters"));

    decoded
        .get("input-valid")
        .mapValues(DecodedInput::event, Named.as("events"))
        .repartition(
            Repartitioned.<String, Event<?>>as(INPUTS_BY_SERVICE)
                .withKeySerde(Serdes.String())
                .withValueSerde(events)
                .withNumberOfPartitions(1))
        .process(
            () -> new DecideProcessor(fleetOnStore, listener, source),
            Named.as("decide"),
            DecideProcessor.STATES,
            DecideProcessor.ALL_SERVICES_OVERRIDE)
        .to(
            (key, event, context) -> DecideProcessor.destination(event, context.headers()),
            Produced.with(Serdes.String(), events).withName("published"));

    return builder.build();
  }
}
