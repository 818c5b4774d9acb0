package io.hybridfailover.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventCodecTest {

  static final List<Event<?>> EXAMPLES = Examples.all();

  private final EventCodec codec = new EventCodec();

  @ParameterizedTest
  @FieldSource("EXAMPLES")
  void decodingWhatWasEncodedGivesAnEqualEvent(Event<?> event) {
    assertEquals(event, codec.decode(codec.encode(event)));
  }

  @ParameterizedTest
  @FieldSource("EXAMPLES")
  void reEncodingADecodedEventGivesIdenticalBytes(Event<?> event) {
    byte[] bytes = codec.encode(event);
    assertArrayEquals(bytes, codec.encode(codec.decode(bytes)));
  }

  @Test
  void writesTheCanonicalFormOfEachType() throws IOException {
    String written =
        EXAMPLES.stream().map(codec::encodeToString).collect(Collectors.joining("\n", "", "\n"));

    assertEquals(resource("examples.jsonl"), written);
  }

  @Test
  void aStaleResultCarriesTheResourceEpochAndAnOlderResultDecodesWithoutIt() {
    ActuationResult applied = Examples.actuationResult().data();
    ActuationResult stale =
        new ActuationResult(
            applied.commandId(),
            applied.service(),
            applied.epoch(),
            applied.actuator(),
            ActuationOutcome.STALE,
            applied.resource(),
            1,
            null,
            applied.completedAt(),
            41L);
    Event<ActuationResult> event = Event.of("id-stale", "/traffic-switcher/switcher-0", stale);

    String json = codec.encodeToString(event);

    assertTrue(json.contains("\"resourceEpoch\":41"), json);
    assertEquals(
        41L,
        ((ActuationResult) codec.decode(json.getBytes(StandardCharsets.UTF_8)).data())
            .resourceEpoch());
    assertNull(Examples.actuationResult().data().resourceEpoch());
    assertTrue(!codec.encodeToString(Examples.actuationResult()).contains("resourceEpoch"));
  }

  @Test
  void aResultSaysWhenItsCommandWasReceivedAndAnOlderResultDecodesWithoutIt() {
    ActuationResult applied = Examples.actuationResult().data();
    ActuationResult timed =
        new ActuationResult(
            applied.commandId(),
            applied.service(),
            applied.epoch(),
            applied.actuator(),
            applied.outcome(),
            applied.resource(),
            1,
            applied.detail(),
            applied.completedAt(),
            11L,
            applied.completedAt().minusMillis(40).plusNanos(123_456));
    Event<ActuationResult> event = Event.of("id-timed", "/traffic-switcher/switcher-0", timed);

    String json = codec.encodeToString(event);

    assertTrue(
        json.contains("\"resourceEpoch\":11,\"commandReceivedAt\":\"2026-11-23T10:15:09.710Z\""),
        json);
    ActuationResult read =
        (ActuationResult) codec.decode(json.getBytes(StandardCharsets.UTF_8)).data();
    assertEquals(applied.completedAt().minusMillis(40), read.commandReceivedAt());
    assertEquals(timed, read);
    assertNull(applied.commandReceivedAt());
    assertTrue(!codec.encodeToString(Examples.actuationResult()).contains("commandReceivedAt"));
  }

  @Test
  void aCommandReceivedAtThatIsNotATimestampIsRejectedNamingTheField() {
    String json =
        codec
            .encodeToString(Examples.actuationResult())
            .replace("\"completedAt\"", "\"commandReceivedAt\":\"yesterday\",\"completedAt\"");

    InvalidEventException e =
        assertThrows(
            InvalidEventException.class, () -> codec.decode(json.getBytes(StandardCharsets.UTF_8)));

    assertTrue(e.getMessage().startsWith("data.commandReceivedAt"), e.getMessage());
  }

  @Test
  void equalEventsEncodeToIdenticalBytesWhateverTheMapOrder() {
    Transition data = Examples.transition().data();
    Map<String, Vote> reversed = new LinkedHashMap<>();
    reversed.put("prober-gke-b", Vote.DOWN);
    reversed.put("prober-gke-a", Vote.DOWN);
    reversed.put("prober-ext", Vote.STALE);
    Transition sameVotesOtherOrder =
        new Transition(
            data.service(),
            data.cluster(),
            data.from(),
            data.to(),
            reversed,
            data.reason(),
            data.at());

    assertArrayEquals(
        codec.encode(Examples.transition()),
        codec.encode(
            Event.of(
                Examples.transition().id(), "/failover-decider/decider-0", sameVotesOtherOrder)));
  }

  @Test
  void writesTimestampsWithExactlyMillisecondsInUtc() {
    Instant nanos = Instant.parse("2026-11-23T10:15:03.000000001Z");
    OperatorOverride data =
        new OperatorOverride("shop/web", OverrideAction.RELEASE, "done", "alice", nanos);

    String json = codec.encodeToString(Event.of("id-1", "/operator/cli", data));

    assertTrue(json.contains("\"time\":\"2026-11-23T10:15:03.000Z\""), json);
    assertTrue(json.contains("\"requestedAt\":\"2026-11-23T10:15:03.000Z\""), json);
  }

  @Test
  void leavesOutAbsentOptionalFieldsAndReadsThemBackAsAbsentOrEmpty() {
    Observation bare =
        new Observation(
            "*",
            Cluster.GKE,
            Check.KARMADA_CLUSTER,
            "prober-ext",
            Outcome.UP,
            0,
            null,
            null,
            Examples.OBSERVED_AT);
    String json = codec.encodeToString(Event.of("id-1", "/health-prober/prober-ext", bare));

    assertTrue(!json.contains("detail") && !json.contains("target"), json);
    Observation read = (Observation) codec.decode(json).data();
    assertNull(read.detail());
    assertNull(read.target());

    String command =
        codec.encodeToString(Examples.command()).replaceFirst(",\"causedBy\":\\[[^]]*]", "");
    assertEquals(List.of(), ((Command) codec.decode(command).data()).causedBy());
    String transition =
        codec.encodeToString(Examples.transition()).replaceFirst(",\"votes\":\\{[^}]*}", "");
    assertEquals(Map.of(), ((Transition) codec.decode(transition).data()).votes());
  }

  @Test
  void ignoresUnknownAttributesAndDataFields() {
    String json =
        codec
            .encodeToString(Examples.command())
            .replace("{\"specversion\"", "{\"traceparent\":\"00-abc-01\",\"specversion\"")
            .replace("\"epoch\":12,", "\"epoch\":12,\"priority\":{\"level\":3},")
            .replace("\"gke\":100}", "\"gke\":100,\"canary\":0}");

    assertEquals(Examples.command(), codec.decode(json));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-23T10:15:03.120Z",
        "2026-11-23T10:15:03.120+00:00",
        "2026-11-23t10:15:03.12z",
        "2026-11-23T10:15:03.120999Z",
        "2026-11-23T10:15:03.120000001+00:00"
      })
  void acceptsAnyRfc3339UtcSpelling(String time) {
    String json =
        codec.encodeToString(Examples.observation()).replace("2026-11-23T10:15:03.120Z", time);

    Event<?> event = codec.decode(json);

    assertEquals(Examples.OBSERVED_AT, event.time());
    assertEquals(Examples.OBSERVED_AT, event.data().time());
  }

  @Test
  void acceptsATimestampWithoutFraction() {
    String json = codec.encodeToString(Examples.observation()).replace("03.120Z", "03Z");

    assertEquals(Instant.parse("2026-11-23T10:15:03Z"), codec.decode(json).time());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"application/json", "application/json; charset=utf-8", "Application/JSON"})
  void acceptsJsonDataContentType(String contentType) {
    String json =
        codec
            .encodeToString(Examples.override())
            .replace("\"application/json\"", "\"" + contentType + "\"");

    assertEquals(Examples.override(), codec.decode(json));
  }

  @Test
  void acceptsAnEventWithoutDataContentType() {
    String json =
        codec
            .encodeToString(Examples.override())
            .replace("\"datacontenttype\":\"application/json\",", "");

    assertEquals(Examples.override(), codec.decode(json));
  }

  @Test
  void decodesToTheExpectedDataClass() {
    Event<Command> command = codec.decode(codec.encode(Examples.command()), Command.class);

    assertEquals(12, command.data().epoch());
  }

  @Test
  void rejectsAnEventOfAnotherTypeThanExpected() {
    byte[] observation = codec.encode(Examples.observation());

    InvalidEventException e =
        assertThrows(InvalidEventException.class, () -> codec.decode(observation, Command.class));

    assertEquals(
        "type: expected io.hybridfailover.failover.command.v1"
            + " but was io.hybridfailover.health.observed.v1",
        e.getMessage());
  }

  @Test
  void newEventsTakeARandomIdAndTheirSubjectAndTimeFromTheData() {
    Command data = Examples.command().data();

    Event<Command> event = Event.of("/failover-decider/decider-0", data);

    assertEquals(UUID.fromString(event.id()).toString(), event.id());
    assertTrue(!event.id().equals(Event.of("/failover-decider/decider-0", data).id()));
    assertEquals(EventType.COMMAND, event.type());
    assertEquals("shop/web", event.subject());
    assertEquals(data.issuedAt(), event.time());
    assertEquals(Topics.COMMANDS, event.topic());
    assertEquals("shop/web", event.key());
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = EventCodecTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
