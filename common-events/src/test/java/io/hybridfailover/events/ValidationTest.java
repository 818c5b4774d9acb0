package io.hybridfailover.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule of the contract, on read (decode) and on write (building the records). */
class ValidationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EventCodec CODEC = new EventCodec();

  /** The fields each type must carry: every field of the contract's examples but the optional. */
  static Stream<Arguments> requiredFields() {
    Map<Event<?>, List<String>> required =
        Map.of(
            Examples.observation(),
            List.of("service", "cluster", "check", "prober", "outcome", "latencyMs", "observedAt"),
            Examples.transition(),
            List.of("service", "cluster", "from", "to", "reason", "at"),
            Examples.command(),
            List.of(
                "commandId",
                "service",
                "epoch",
                "mode",
                "routing",
                "placement",
                "reason",
                "dryRun",
                "issuedAt"),
            Examples.actuationResult(),
            List.of(
                "commandId",
                "service",
                "epoch",
                "actuator",
                "outcome",
                "resource",
                "attempt",
                "completedAt"),
            Examples.state(),
            List.of(
                "service", "mode", "epoch", "routing", "placement", "frozen", "since", "health"),
            Examples.override(),
            List.of("service", "action", "reason", "requestedBy", "requestedAt"));
    return required.entrySet().stream()
        .flatMap(
            entry ->
                entry.getValue().stream()
                    .flatMap(
                        field ->
                            Stream.of(
                                argumentSet(
                                    entry.getKey().type().name() + " without " + field,
                                    entry.getKey(),
                                    field,
                                    false),
                                argumentSet(
                                    entry.getKey().type().name() + " with null " + field,
                                    entry.getKey(),
                                    field,
                                    true))));
  }

  @ParameterizedTest
  @MethodSource("requiredFields")
  void rejectsAnEventWithoutARequiredDataField(Event<?> example, String field, boolean asNull)
      throws IOException {
    String message =
        rejection(
            example,
            data(
                d -> {
                  if (asNull) {
                    d.putNull(field);
                  } else {
                    d.remove(field);
                  }
                }));

    assertEquals("data." + field + " is required", message);
  }

  static Stream<Arguments> envelopeRules() {
    Event<?> e = Examples.observation();
    return Stream.of(
        argumentSet(
            "no specversion", e, root(r -> r.remove("specversion")), "specversion is required"),
        argumentSet(
            "other specversion",
            e,
            root(r -> r.put("specversion", "0.3")),
            "specversion: must be \"1.0\" but was \"0.3\""),
        argumentSet("no id", e, root(r -> r.remove("id")), "id is required"),
        argumentSet("blank id", e, root(r -> r.put("id", " ")), "id: must not be blank"),
        argumentSet("numeric id", e, root(r -> r.put("id", 5)), "id: must be a string but was 5"),
        argumentSet("no source", e, root(r -> r.remove("source")), "source is required"),
        argumentSet("no type", e, root(r -> r.remove("type")), "type is required"),
        argumentSet(
            "unknown type", e, root(r -> r.put("type", "x")), "type: unknown event type \"x\""),
        argumentSet(
            "type of other data",
            e,
            root(r -> r.put("type", EventType.OVERRIDE.type())),
            "data.action is required"),
        argumentSet("no subject", e, root(r -> r.remove("subject")), "subject is required"),
        argumentSet("no time", e, root(r -> r.remove("time")), "time is required"),
        argumentSet(
            "time without T and offset",
            e,
            root(r -> r.put("time", "2026-11-23 10:15")),
            "time: must be an RFC 3339 UTC timestamp but was \"2026-11-23 10:15\""),
        argumentSet(
            "time in another offset",
            e,
            root(r -> r.put("time", "2026-11-23T11:15:03.120+01:00")),
            "time: must be an RFC 3339 UTC timestamp but was \"2026-11-23T11:15:03.120+01:00\""),
        argumentSet(
            "time without offset",
            e,
            root(r -> r.put("time", "2026-11-23T10:15:03.120")),
            "time: must be an RFC 3339 UTC timestamp but was \"2026-11-23T10:15:03.120\""),
        argumentSet(
            "time with unknown offset",
            e,
            root(r -> r.put("time", "2026-11-23T10:15:03.120-00:00")),
            "time: must be an RFC 3339 UTC timestamp but was \"2026-11-23T10:15:03.120-00:00\""),
        argumentSet(
            "impossible time",
            e,
            root(r -> r.put("time", "2026-13-23T10:15:03.120Z")),
            "time: must be an RFC 3339 UTC timestamp but was \"2026-13-23T10:15:03.120Z\""),
        argumentSet(
            "numeric time",
            e,
            root(r -> r.put("time", 1_795_000_000_000L)),
            "time: must be an RFC 3339 UTC timestamp but was 1795000000000"),
        argumentSet(
            "non-JSON data content type",
            e,
            root(r -> r.put("datacontenttype", "text/plain")),
            "datacontenttype: must be \"application/json\" but was \"text/plain\""),
        argumentSet("no data", e, root(r -> r.remove("data")), "data is required"),
        argumentSet("null data", e, root(r -> r.putNull("data")), "data is required"),
        argumentSet(
            "data as a string",
            e,
            root(r -> r.put("data", "{}")),
            "data: must be a JSON object but was \"{}\""));
  }

  @ParameterizedTest
  @MethodSource("envelopeRules")
  void rejectsABrokenEnvelope(Event<?> example, Consumer<ObjectNode> breakIt, String expected)
      throws IOException {
    assertEquals(expected, rejection(example, breakIt));
  }

  static Stream<Arguments> dataRules() {
    return Stream.of(
        argumentSet(
            "unknown outcome",
            Examples.observation(),
            data(d -> d.put("outcome", "SIDEWAYS")),
            "data.outcome: must be one of [UP, DOWN] but was \"SIDEWAYS\""),
        argumentSet(
            "cluster in upper case",
            Examples.observation(),
            data(d -> d.put("cluster", "DESKTOP")),
            "data.cluster: must be one of [desktop, gke] but was \"DESKTOP\""),
        argumentSet(
            "unknown check",
            Examples.observation(),
            data(d -> d.put("check", "icmp")),
            "data.check: must be one of [http, tcp, karmada-cluster] but was \"icmp\""),
        argumentSet(
            "enum as a number",
            Examples.observation(),
            data(d -> d.put("outcome", 1)),
            "data.outcome: must be one of [UP, DOWN] but was 1"),
        argumentSet(
            "negative latency",
            Examples.observation(),
            data(d -> d.put("latencyMs", -1)),
            "data.latencyMs: must be >= 0 but was -1"),
        argumentSet(
            "service without namespace",
            Examples.observation(),
            data(d -> d.put("service", "web")),
            "data.service: must be a service id \"<namespace>/<name>\" but was \"web\""),
        argumentSet(
            "all services for an http check",
            Examples.observation(),
            data(d -> d.put("service", "*")),
            "data.service: must be a service id \"<namespace>/<name>\" but was \"*\""),
        argumentSet(
            "one service for a karmada-cluster check",
            Examples.observation(),
            data(d -> d.put("check", "karmada-cluster")),
            "data.service: must be \"*\" for check karmada-cluster but was \"shop/web\""),
        argumentSet(
            "blank prober",
            Examples.observation(),
            data(d -> d.put("prober", "")),
            "data.prober: must not be blank"),
        argumentSet(
            "blank detail",
            Examples.observation(),
            data(d -> d.put("detail", " ")),
            "data.detail: must not be blank"),
        argumentSet(
            "observedAt in another offset",
            Examples.observation(),
            data(d -> d.put("observedAt", "2026-11-23T11:15:03.120+01:00")),
            "data.observedAt: must be an RFC 3339 UTC timestamp"
                + " but was \"2026-11-23T11:15:03.120+01:00\""),
        argumentSet(
            "unknown verdict",
            Examples.transition(),
            data(d -> d.put("to", "MAYBE")),
            "data.to: must be one of [UP, DOWN, UNKNOWN] but was \"MAYBE\""),
        argumentSet(
            "unknown vote",
            Examples.transition(),
            data(d -> ((ObjectNode) d.get("votes")).put("prober-ext", "MAYBE")),
            "data.votes.prober-ext: must be one of [UP, DOWN, STALE, NONE] but was \"MAYBE\""),
        argumentSet(
            "votes as a list",
            Examples.transition(),
            data(d -> d.putArray("votes").add("DOWN")),
            "data.votes: must be a JSON object but was [\"DOWN\"]"),
        argumentSet(
            "weights summing to 90",
            Examples.command(),
            data(d -> d.putObject("routing").put("desktop", 40).put("gke", 50)),
            "data.routing: weights must sum to 100 but sum to 90 (desktop=40, gke=50)"),
        argumentSet(
            "weight over 100",
            Examples.command(),
            data(d -> d.putObject("routing").put("desktop", 120).put("gke", -20)),
            "data.routing.desktop: must be between 0 and 100 but was 120"),
        argumentSet(
            "weight as a string",
            Examples.command(),
            data(d -> d.putObject("routing").put("desktop", "0").put("gke", 100)),
            "data.routing.desktop: must be a 32-bit integer but was \"0\""),
        argumentSet(
            "missing weight",
            Examples.command(),
            data(d -> d.putObject("routing").put("desktop", 0)),
            "data.routing.gke is required"),
        argumentSet(
            "epoch 0",
            Examples.command(),
            data(d -> d.put("epoch", 0)),
            "data.epoch: must be >= 1 but was 0"),
        argumentSet(
            "fractional epoch",
            Examples.command(),
            data(d -> d.put("epoch", 12.5)),
            "data.epoch: must be an integer but was 12.5"),
        argumentSet(
            "epoch as a string",
            Examples.command(),
            data(d -> d.put("epoch", "12")),
            "data.epoch: must be an integer but was \"12\""),
        argumentSet(
            "unknown mode",
            Examples.command(),
            data(d -> d.put("mode", "FAILED")),
            "data.mode: must be one of [PRIMARY, FAILING_OVER, FAILED_OVER, FAILING_BACK]"
                + " but was \"FAILED\""),
        argumentSet(
            "unknown placement",
            Examples.command(),
            data(d -> d.put("placement", "DESKTOP")),
            "data.placement: must be one of [PRIMARY, GKE] but was \"DESKTOP\""),
        argumentSet(
            "dryRun as a string",
            Examples.command(),
            data(d -> d.put("dryRun", "false")),
            "data.dryRun: must be true or false but was \"false\""),
        argumentSet(
            "blank cause",
            Examples.command(),
            data(d -> d.putArray("causedBy").add("e-1").add("")),
            "data.causedBy[1]: must not be blank"),
        argumentSet(
            "cause that is not a string",
            Examples.command(),
            data(d -> d.putArray("causedBy").add(7)),
            "data.causedBy[0]: must be a string but was 7"),
        argumentSet(
            "causedBy as a string",
            Examples.command(),
            data(d -> d.put("causedBy", "e-1")),
            "data.causedBy: must be an array of strings but was \"e-1\""),
        argumentSet(
            "a command for all services",
            Examples.command(),
            data(d -> d.put("service", "*")),
            "data.service: must be a service id \"<namespace>/<name>\" but was \"*\""),
        argumentSet(
            "attempt 0",
            Examples.actuationResult(),
            data(d -> d.put("attempt", 0)),
            "data.attempt: must be >= 1 but was 0"),
        argumentSet(
            "unknown actuation outcome",
            Examples.actuationResult(),
            data(d -> d.put("outcome", "DONE")),
            "data.outcome: must be one of [APPLIED, UNCHANGED, STALE, REFUSED, FAILED]"
                + " but was \"DONE\""),
        argumentSet(
            "state epoch below 0",
            Examples.state(),
            data(d -> d.put("epoch", -1)),
            "data.epoch: must be >= 0 but was -1"),
        argumentSet(
            "health of an unknown cluster",
            Examples.state(),
            data(d -> ((ObjectNode) d.get("health")).put("moon", "UP")),
            "data.health: keys must be one of [desktop, gke] but was \"moon\""),
        argumentSet(
            "unknown health verdict",
            Examples.state(),
            data(d -> ((ObjectNode) d.get("health")).put("gke", "FINE")),
            "data.health.gke: must be one of [UP, DOWN, UNKNOWN] but was \"FINE\""),
        argumentSet(
            "frozen as a number",
            Examples.state(),
            data(d -> d.put("frozen", 0)),
            "data.frozen: must be true or false but was 0"),
        argumentSet(
            "unknown override action",
            Examples.override(),
            data(d -> d.put("action", "PAUSE")),
            "data.action: must be one of [FREEZE, UNFREEZE, FORCE_DESKTOP, FORCE_GKE, RELEASE]"
                + " but was \"PAUSE\""),
        argumentSet(
            "blank requestedBy",
            Examples.override(),
            data(d -> d.put("requestedBy", "  ")),
            "data.requestedBy: must not be blank"),
        argumentSet(
            "expiry not after the request",
            Examples.override(),
            data(d -> d.put("expiresAt", d.get("requestedAt").asText())),
            "data.expiresAt: must be after requestedAt (2026-11-23T10:15:09.500Z) but was"
                + " 2026-11-23T10:15:09.500Z"),
        argumentSet(
            "expiry of a release",
            Examples.override(),
            data(d -> d.put("action", "RELEASE")),
            "data.expiresAt: only FREEZE, FORCE_DESKTOP and FORCE_GKE expire, not RELEASE"),
        argumentSet(
            "expiry not a timestamp",
            Examples.override(),
            data(d -> d.put("expiresAt", "in 4 hours")),
            "data.expiresAt: must be an RFC 3339 UTC timestamp but was \"in 4 hours\""));
  }

  @ParameterizedTest
  @MethodSource("dataRules")
  void rejectsDataThatBreaksARule(Event<?> example, Consumer<ObjectNode> breakIt, String expected)
      throws IOException {
    assertEquals(expected, rejection(example, breakIt));
  }

  @Test
  void acceptsAnOverrideOfAllServicesAndAKarmadaClusterObservation() {
    OperatorOverride all =
        new OperatorOverride(
            RecordKeys.ALL_SERVICES, OverrideAction.FREEZE, "upgrade", "bob", Examples.LATER);
    Observation cluster =
        new Observation(
            "*",
            Cluster.GKE,
            Check.KARMADA_CLUSTER,
            "prober-ext",
            Outcome.UP,
            3,
            null,
            null,
            Examples.LATER);

    assertEquals(all, CODEC.decode(CODEC.encode(Event.of("/operator/cli", all))).data());
    assertEquals(cluster, CODEC.decode(CODEC.encode(Event.of("/p", cluster))).data());
  }

  @Test
  void aStateMayPrecedeTheFirstCommand() {
    FailoverState initial =
        new FailoverState(
            "shop/web",
            Mode.PRIMARY,
            0,
            Routing.allDesktop(),
            Placement.PRIMARY,
            false,
            Examples.LATER,
            Map.of());

    assertEquals(initial, CODEC.decode(CODEC.encode(Event.of("/d", initial))).data());
  }

  @Test
  void recordsRefuseInvalidValuesWhenBuilt() {
    assertMessage(
        "epoch: must be >= 1 but was 0",
        () ->
            new Command(
                "c-1",
                "shop/web",
                0,
                Mode.PRIMARY,
                Routing.allDesktop(),
                Placement.PRIMARY,
                "r",
                null,
                false,
                Examples.LATER));
    assertMessage(
        "cluster is required",
        () ->
            new Observation(
                "shop/web", null, Check.TCP, "p", Outcome.UP, 1, null, null, Examples.LATER));
    assertMessage(
        "votes.prober-a is required",
        () ->
            new Transition(
                "shop/web",
                Cluster.GKE,
                Verdict.UP,
                Verdict.DOWN,
                java.util.Collections.singletonMap("prober-a", null),
                "r",
                Examples.LATER));
    assertMessage(
        "requestedAt: must be between years 0000 and 9999 but was +10000-01-01T00:00:00Z",
        () ->
            new OperatorOverride(
                "shop/web",
                OverrideAction.FREEZE,
                "r",
                "alice",
                Instant.parse("+10000-01-01T00:00:00Z")));
  }

  @Test
  void anEventMustCarryDataOfItsType() {
    assertMessage(
        "type: io.hybridfailover.failover.command.v1 carries Command data, not OperatorOverride",
        () ->
            new Event<>(
                "id-1",
                "/d",
                EventType.COMMAND,
                "shop/web",
                Examples.LATER,
                Examples.override().data()));
  }

  @Test
  void refusesToWriteARecordOverTheSizeLimit() {
    Observation huge =
        new Observation(
            "shop/web",
            Cluster.DESKTOP,
            Check.HTTP,
            "p",
            Outcome.DOWN,
            1,
            "x".repeat(70 * 1024),
            null,
            Examples.LATER);

    InvalidEventException e =
        assertThrows(InvalidEventException.class, () -> CODEC.encode(Event.of("/p", huge)));

    assertTrue(
        e.getMessage().matches("record is \\d+ bytes, over the 65536-byte limit"), e.getMessage());
  }

  private static void assertMessage(String expected, Runnable build) {
    assertEquals(expected, assertThrows(InvalidEventException.class, build::run).getMessage());
  }

  /** Encodes {@code example}, breaks the JSON, decodes it and returns the rejection's message. */
  static String rejection(Event<?> example, Consumer<ObjectNode> breakIt) throws IOException {
    JsonNode root = JSON.readTree(CODEC.encode(example));
    breakIt.accept((ObjectNode) root);
    byte[] broken = JSON.writeValueAsBytes(root);
    return assertThrows(InvalidEventException.class, () -> CODEC.decode(broken)).getMessage();
  }

  private static Consumer<ObjectNode> root(Consumer<ObjectNode> change) {
    return change;
  }

  private static Consumer<ObjectNode> data(Consumer<ObjectNode> change) {
    return root -> change.accept((ObjectNode) root.get("data"));
  }
}
