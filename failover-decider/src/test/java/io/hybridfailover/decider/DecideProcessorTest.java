package io.hybridfailover.decider;

import static io.hybridfailover.events.Cluster.DESKTOP;
import static io.hybridfailover.events.Cluster.GKE;
import static io.hybridfailover.events.Outcome.DOWN;
import static io.hybridfailover.events.Outcome.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.decider.core.Decider;
import io.hybridfailover.decider.core.DeciderSettingsSet;
import io.hybridfailover.decider.core.Fleet;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The processor alone, in Kafka Streams' mock context: what it asks of the task. */
class DecideProcessorTest {

  private static final Instant T0 = Instant.parse("2026-11-23T03:00:00Z");

  private final Decider decider =
      new Decider(
          DeciderSettingsSet.fromProperties(Map.of("hybrid.decider.expected-probers", "3")));
  private final MockProcessorContext<String, Event<?>> context = new MockProcessorContext<>();
  private Instant clock = T0;
  private DecideProcessor processor;

  @BeforeEach
  void start() {
    store(DecideProcessor.STATES);
    store(DecideProcessor.ALL_SERVICES_OVERRIDE);
    processor =
        new DecideProcessor(
            store -> new Fleet(decider, store), state -> {}, "/failover-decider/test");
    processor.init(context);
  }

  @Test
  void aCommand_asksForTheCommitAtOnce_soThatItIsReadableWithoutWaitingForTheInterval() {
    allProbersSee(UP, UP, 3);
    assertFalse(context.committed(), "observations alone wait for the commit interval");
    context.resetForwards();

    allProbersSee(DOWN, UP, 3);

    assertTrue(
        context.forwarded().stream().anyMatch(f -> f.record().value().data() instanceof Command),
        "the failover command was forwarded");
    assertTrue(context.committed(), "and its commit asked for");
  }

  @Test
  void withoutACommand_noCommitIsAskedFor() {
    allProbersSee(UP, UP, 3);
    allProbersSee(DOWN, DOWN, 1);

    assertEquals(
        0,
        context.forwarded().stream()
            .filter(f -> f.record().value().data() instanceof Command)
            .count());
    assertFalse(context.committed());
  }

  private void allProbersSee(Outcome desktop, Outcome gke, int times) {
    for (int i = 0; i < times; i++) {
      clock = clock.plus(Duration.ofMillis(250));
      context.setCurrentSystemTimeMs(clock.toEpochMilli());
      for (String prober : Inputs.PROBERS) {
        send(Inputs.observation(prober, DESKTOP, desktop, clock));
        send(Inputs.observation(prober, GKE, gke, clock));
      }
    }
  }

  private void send(Event<?> event) {
    processor.process(new Record<>(event.key(), event, clock.toEpochMilli()));
  }

  private void store(String name) {
    KeyValueStore<String, byte[]> store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
  }
}
