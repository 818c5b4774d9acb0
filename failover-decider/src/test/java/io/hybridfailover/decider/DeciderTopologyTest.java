package io.hybridfailover.decider;

import static io.hybridfailover.events.Cluster.DESKTOP;
import static io.hybridfailover.events.Cluster.GKE;
import static io.hybridfailover.events.Outcome.DOWN;
import static io.hybridfailover.events.Outcome.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.decider.core.Decider;
import io.hybridfailover.decider.core.DeciderSettingsSet;
import io.hybridfailover.decider.core.Fleet;
import io.hybridfailover.decider.core.ServiceState;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.FailoverState;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.Transition;
import io.hybridfailover.events.kafka.EventDeserializer;
import io.hybridfailover.events.kafka.ServicePartitioner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The topology's wiring, with Kafka Streams' test driver and its mock wall clock. */
class DeciderTopologyTest {

  private static final Instant T0 = Instant.parse("2026-11-23T03:00:00Z");

  /** The test driver has one partition per topic: one task. */
  private static final TaskCount ONE_TASK = appConfigs -> 1;

  private final List<ServiceState> heard = new ArrayList<>();
  private Instant clock = T0;
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> observations;
  private TestInputTopic<String, byte[]> overrides;
  private TestInputTopic<String, byte[]> results;
  private TestOutputTopic<String, Event<?>> commands;
  private TestOutputTopic<String, Event<?>> transitions;
  private TestOutputTopic<String, Event<?>> states;
  private final EventCodec codec = new EventCodec();

  private final Decider decider =
      new Decider(
          DeciderSettingsSet.fromProperties(
              Map.of(
                  "hybrid.decider.expected-probers", "3",
                  "hybrid.decider.failback-delay", "10s")));

  @BeforeEach
  void start() {
    start(DeciderTopology.build(decider, heard::add, "/failover-decider/test", ONE_TASK));
  }

  private void start(org.apache.kafka.streams.Topology topology) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "decider-topology-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver = new TopologyTestDriver(topology, props, T0);
    results =
        driver.createInputTopic(Topics.RESULTS, new StringSerializer(), new ByteArraySerializer());
    observations =
        driver.createInputTopic(
            Topics.OBSERVATIONS, new StringSerializer(), new ByteArraySerializer());
    overrides =
        driver.createInputTopic(
            Topics.OVERRIDES, new StringSerializer(), new ByteArraySerializer());
    commands = output(Topics.COMMANDS);
    transitions = output(Topics.TRANSITIONS);
    states = output(Topics.STATE);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void desktopDownOnAllProbersAndGkeUpPublishesTransitionsAFailoverCommandAndState() {
    allProbersSee(UP, UP, 3);
    assertTrue(commands.isEmpty(), "healthy on both sides: nothing to command");

    allProbersSee(DOWN, UP, 3);

    List<Command> issued = dataOf(commands);
    assertEquals(1, issued.size());
    assertEquals(1, issued.get(0).epoch());
    assertEquals(Mode.FAILED_OVER, issued.get(0).mode());
    assertEquals(Routing.allGke(), issued.get(0).routing());
    assertTrue(
        dataOf(transitions).stream()
            .map(Transition.class::cast)
            .anyMatch(
                t -> t.cluster() == DESKTOP && t.to() == io.hybridfailover.events.Verdict.DOWN));
    List<FailoverState> published = dataOf(states);
    assertEquals(Mode.FAILED_OVER, published.get(published.size() - 1).mode());
    assertEquals(Mode.FAILED_OVER, heard.get(heard.size() - 1).mode(), "listener told");
  }

  @Test
  void anInputOnAnotherPartitionThanItsServices_isRoutedToItsTaskAndDecided() {
    driver.close();
    // Four tasks; the test driver delivers everything on partition 0, where shop/web is not home.
    assertNotEquals(0, ServicePartitioner.partition(Inputs.SERVICE, 4));
    start(DeciderTopology.build(decider, heard::add, "/failover-decider/test", appConfigs -> 4));

    allProbersSee(UP, UP, 3);
    allProbersSee(DOWN, UP, 3);

    List<Command> issued = dataOf(commands);
    assertEquals(1, issued.size());
    assertEquals(Mode.FAILED_OVER, issued.get(0).mode());
    assertTrue(
        driver.producedTopicNames().stream()
            .anyMatch(t -> t.endsWith(DeciderTopology.ROUTED_INPUTS + "-repartition")),
        "routed through the routing topic: " + driver.producedTopicNames());
  }

  @Test
  void wallClockTicksDriveTheFailback() {
    allProbersSee(UP, UP, 3);
    allProbersSee(DOWN, UP, 3);
    assertEquals(1, dataOf(commands).size());

    allProbersSee(UP, UP, 3);
    assertTrue(commands.isEmpty(), "failback waits for the delay");
    // Keep the probers' votes fresh while the wall clock passes the 10 s failback delay.
    for (int i = 0; i < 12; i++) {
      advance(Duration.ofSeconds(1));
      allProbersSee(UP, UP, 1);
    }

    List<Command> issued = dataOf(commands);
    assertFalse(issued.isEmpty(), "a tick started the failback");
    assertEquals(Mode.FAILING_BACK, issued.get(0).mode());
    assertEquals(2, issued.get(0).epoch());
  }

  @Test
  void anInvalidRecordGoesToTheDeadLetterTopicWithItsReasonAndProcessingGoesOn() {
    byte[] garbage = "{\"specversion\":\"1.0\"".getBytes(StandardCharsets.UTF_8);
    observations.pipeInput("shop/web@desktop", garbage, T0);
    allProbersSee(UP, UP, 3);
    allProbersSee(DOWN, UP, 3);

    TestOutputTopic<String, byte[]> dlq =
        driver.createOutputTopic(
            Topics.dlq(Topics.OBSERVATIONS), new StringDeserializer(), new ByteArrayDeserializer());
    TestRecord<String, byte[]> dead = dlq.readRecord();
    assertEquals(
        new String(garbage, StandardCharsets.UTF_8),
        new String(dead.value(), StandardCharsets.UTF_8));
    String reason =
        new String(
            dead.headers().lastHeader(InputDecoder.REASON_HEADER).value(), StandardCharsets.UTF_8);
    assertTrue(reason.startsWith("not JSON"), reason);
    assertEquals(
        Topics.OBSERVATIONS,
        new String(
            dead.headers().lastHeader(InputDecoder.TOPIC_HEADER).value(), StandardCharsets.UTF_8));
    assertEquals(1, dataOf(commands).size(), "the valid inputs after it were decided on");
  }

  @Test
  void aResultWhoseEpochWouldOverflow_isDeadLetteredWithItsReasonAndTheNextCommandHasEpochOne() {
    ActuationResult poisoned =
        new ActuationResult(
            "not-a-command-of-this-decider",
            Inputs.SERVICE,
            Long.MAX_VALUE,
            "traffic-switcher",
            ActuationOutcome.APPLIED,
            "split.smi-spec.io/v1alpha2 TrafficSplit shop/web",
            1,
            null,
            T0);
    Event<ActuationResult> event = Event.of("/traffic-switcher", poisoned);
    results.pipeInput(Inputs.SERVICE, codec.encode(event), T0);
    allProbersSee(UP, UP, 3);
    allProbersSee(DOWN, UP, 3);

    TestRecord<String, Event<?>> dead = output(Topics.dlq(Topics.RESULTS)).readRecord();
    assertEquals(event.id(), dead.value().id());
    assertEquals(poisoned, dead.value().data());
    assertTrue(header(dead, InputDecoder.REASON_HEADER).contains("epoch limit"));
    assertEquals(Topics.RESULTS, header(dead, InputDecoder.TOPIC_HEADER));
    assertEquals("0", header(dead, InputDecoder.OFFSET_HEADER));
    assertEquals(List.of(1L), dataOf(commands).stream().map(c -> ((Command) c).epoch()).toList());
  }

  @Test
  void anyExceptionOfTheCore_deadLettersTheInputLeavesEveryStateAsItWasAndDecidingGoesOn() {
    driver.close();
    // A core that fails when it freezes shop/zz-poison (after shop/web, in service order).
    start(
        DeciderTopology.build(
            store -> new Fleet(decider, new FailingFor("shop/zz-poison", store)),
            heard::add,
            "/failover-decider/test",
            ONE_TASK));
    allProbersSee(UP, UP, 3);
    send(
        Event.of(
            "/health-prober/prober-a",
            new io.hybridfailover.events.Observation(
                "shop/zz-poison",
                DESKTOP,
                io.hybridfailover.events.Check.HTTP,
                "prober-a",
                UP,
                5,
                null,
                null,
                now())));
    Event<?> freezeAll = Inputs.override("*", OverrideAction.FREEZE, now());
    overrides.pipeInput("*", codec.encode(freezeAll), now());

    allProbersSee(DOWN, UP, 3);

    List<TestRecord<String, Event<?>>> dead =
        output(Topics.dlq(Topics.OVERRIDES)).readRecordsToList();
    assertEquals(1, dead.size());
    assertEquals(freezeAll.id(), dead.get(0).value().id());
    assertTrue(
        header(dead.get(0), InputDecoder.REASON_HEADER)
            .contains("core failure for shop/zz-poison"));
    // The freeze was not half-applied: shop/web was not frozen and still failed over.
    List<Command> issued = dataOf(commands);
    assertEquals(1, issued.size());
    assertEquals(Mode.FAILED_OVER, issued.get(0).mode());
    assertEquals(1, issued.get(0).epoch());
  }

  /** A store that fails to keep one service frozen, as a broken core would fail. */
  private record FailingFor(String service, Fleet.Store store) implements Fleet.Store {
    @Override
    public java.util.Optional<ServiceState> get(String s) {
      return store.get(s);
    }

    @Override
    public void put(ServiceState state) {
      if (state.service().equals(service) && state.frozen()) {
        throw new IllegalStateException("core failure for " + service);
      }
      store.put(state);
    }

    @Override
    public List<ServiceState> all() {
      return store.all();
    }

    @Override
    public java.util.Optional<Event<io.hybridfailover.events.OperatorOverride>> standingOverride() {
      return store.standingOverride();
    }

    @Override
    public void standingOverride(Event<io.hybridfailover.events.OperatorOverride> override) {
      store.standingOverride(override);
    }
  }

  private static String header(TestRecord<String, ?> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void anOverrideForAllServicesFreezesKnownServicesAndServicesSeenLater() {
    allProbersSee(UP, UP, 3);
    overrides.pipeInput(
        "*", codec.encode(Inputs.override("*", OverrideAction.FREEZE, now())), now());

    allProbersSee(DOWN, UP, 3);

    assertTrue(commands.isEmpty(), "frozen: no automatic command");
    List<FailoverState> published = dataOf(states);
    assertTrue(published.get(published.size() - 1).frozen());
  }

  private void allProbersSee(
      io.hybridfailover.events.Outcome desktop, io.hybridfailover.events.Outcome gke, int times) {
    for (int i = 0; i < times; i++) {
      advance(Duration.ofMillis(250));
      for (String prober : Inputs.PROBERS) {
        send(Inputs.observation(prober, DESKTOP, desktop, now()));
        send(Inputs.observation(prober, GKE, gke, now()));
      }
    }
  }

  private void send(Event<?> event) {
    observations.pipeInput(event.key(), codec.encode(event), event.time());
  }

  /** Moves the driver's wall clock, which ticks the decider, and the probers' clock with it. */
  private void advance(Duration duration) {
    clock = clock.plus(duration);
    driver.advanceWallClockTime(duration);
  }

  private Instant now() {
    return clock;
  }

  private TestOutputTopic<String, Event<?>> output(String topic) {
    return driver.createOutputTopic(topic, new StringDeserializer(), new EventDeserializer());
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> dataOf(TestOutputTopic<String, Event<?>> topic) {
    List<T> data = new ArrayList<>();
    topic.readValuesToList().forEach(event -> data.add((T) event.data()));
    return data;
  }
}
