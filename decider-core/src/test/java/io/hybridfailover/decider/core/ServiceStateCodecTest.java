package io.hybridfailover.decider.core;

import static io.hybridfailover.events.Outcome.DOWN;
import static io.hybridfailover.events.Outcome.UP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Verdict;
import io.hybridfailover.events.Vote;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceStateCodecTest {

  @Test
  void roundTrip_keepsEveryField() throws Exception {
    Scenario s = Scenario.threeProbers().failedOver();
    s.rounds(3, UP, UP);
    s.roundsUntilCommand(Duration.ofHours(1), UP, UP); // FAILING_BACK: step timer set
    s.result(2, ActuationOutcome.APPLIED);
    s.override(OverrideAction.FORCE_DESKTOP);
    s.override(OverrideAction.FREEZE);
    s.rounds(1, DOWN, null);
    s.observeCheck("prober-a", Cluster.DESKTOP, Check.TCP, DOWN, s.now); // v1.1: runs per check
    s.observeAt("prober-b", Cluster.GKE, UP, s.now.plusSeconds(3600)); // v1.1: clock-skew told
    s.observeAt("prober-c", Cluster.GKE, UP, s.now.minusSeconds(60)); // v1.1: arriving stale
    s.now = s.now.plusNanos(123_456_789); // instants keep their nanoseconds
    s.tick();
    ServiceState state = s.state;
    assertEquals(Mode.PRIMARY, state.mode());
    assertNotNull(state.forced());
    assertFalse(state.failoverStarts().isEmpty());
    assertFalse(state.lastResults().isEmpty());
    assertFalse(state.appliedOverrides().isEmpty());
    assertFalse(state.desktop().otherChecks().isEmpty());
    assertTrue(state.clock("prober-b").skewReported());
    assertNotNull(state.clock("prober-c").arrivingStaleSince());

    byte[] bytes = ServiceStateCodec.encode(state);

    assertEquals(
        new String(ServiceStateCodec.encodeAsBean(state), StandardCharsets.UTF_8),
        new String(bytes, StandardCharsets.UTF_8),
        "the hand-written encoding writes what the bean serialization wrote");
    assertEquals(state, ServiceStateCodec.decode(bytes));
    assertArrayEquals(bytes, ServiceStateCodec.encode(ServiceStateCodec.decode(bytes)));
  }

  @Test
  void encode_writesWhatTheBeanSerializationWrote_everyOptionalFieldPresentOrAbsent()
      throws Exception {
    Instant at = Instant.parse("2026-11-23T10:00:00.120Z");
    Instant fine = at.plusNanos(456_789);
    ProberTrack track = new ProberTrack(2, 0, Vote.UP, at, fine);
    ActuationResult full =
        new ActuationResult(
            "cmd-1",
            "shop/web",
            3,
            "karmada-actuator",
            ActuationOutcome.FAILED,
            "PropagationPolicy shop/web",
            2,
            "quota \"exceeded\" \u00e9\n",
            at,
            7L,
            fine);
    ActuationResult bare =
        new ActuationResult(
            "cmd-2", "shop/web", 3, "traffic-switcher", ActuationOutcome.APPLIED, "r", 1, null, at);
    ServiceState everything =
        new ServiceState(
            "shop/web",
            Mode.FAILING_BACK,
            at,
            3,
            Routing.desktop(40),
            Placement.GKE,
            true,
            Cluster.GKE,
            new ClusterHealth(
                Verdict.UP,
                fine,
                "obs-1",
                Map.of("prober-b", track, "prober-a", track),
                Map.of("prober-a tcp", track)),
            new ClusterHealth(Verdict.DOWN, null, null, Map.of(), Map.of()),
            fine,
            true,
            List.of(at, fine),
            Map.of("traffic-switcher", bare, "karmada-actuator", full),
            List.of("o-1", "o-2"),
            Map.of(
                "prober-b",
                new ProberClock(true, fine, true),
                "prober-a",
                new ProberClock(false, null, false)),
            Map.of(
                "prober-a",
                new ProberOffset(-3_000, List.of(-3_000L, -2_990L), -60_000L, at, -3_000, fine),
                "prober-b",
                ProberOffset.NONE),
            new Holds(
                new Hold("o-2", OverrideAction.FORCE_GKE, Cluster.GKE, "bob", "practice: x", fine),
                new Hold("o-1", OverrideAction.FREEZE, null, "alice", "upgrade", null)));

    for (ServiceState state : List.of(everything, ServiceState.initial("shop/web"))) {
      String bean = new String(ServiceStateCodec.encodeAsBean(state), StandardCharsets.UTF_8);
      byte[] bytes = ServiceStateCodec.encode(state);
      assertEquals(bean, new String(bytes, StandardCharsets.UTF_8));
      assertEquals(state, ServiceStateCodec.decode(bytes));
    }
  }

  @Test
  void roundTrip_ofTheInitialStateAndAFailingBackState() {
    ServiceState initial = ServiceState.initial("shop/web");
    assertEquals(initial, ServiceStateCodec.decode(ServiceStateCodec.encode(initial)));

    Scenario s = Scenario.threeProbers().failedOver();
    s.rounds(3, UP, UP);
    s.roundsUntilCommand(Duration.ofHours(1), UP, UP);
    assertNotNull(s.state.stepSince());
    assertEquals(s.state, ServiceStateCodec.decode(ServiceStateCodec.encode(s.state)));
  }

  @Test
  void encode_writesInstantsAsIsoStringsAndIgnoresUnknownFieldsOnDecode() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, UP);
    String json = new String(ServiceStateCodec.encode(s.state), StandardCharsets.UTF_8);
    assertTrue(json.contains("\"modeSince\":\"2026-11-23T10:00:00.000Z\""), json);
    // States written before instants were written as the events write them (Instant#toString).
    String asToString = json.replace(":00.000Z", ":00Z").replace(":02.000Z", ":02Z");
    assertTrue(asToString.contains("\"modeSince\":\"2026-11-23T10:00:00Z\""), asToString);
    assertEquals(s.state, ServiceStateCodec.decode(asToString.getBytes(StandardCharsets.UTF_8)));

    String newer = json.replaceFirst("\\{", "{\"addedLater\":{\"x\":1},");
    assertEquals(s.state, ServiceStateCodec.decode(newer.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void decode_readsAStateWrittenBeforeV11() {
    Scenario s = Scenario.threeProbers().failedOver();
    String json = new String(ServiceStateCodec.encode(s.state), StandardCharsets.UTF_8);
    String before =
        json.replace(",\"otherChecks\":{}", "")
            .replace(",\"appliedOverrides\":[]", "")
            .replace(",\"clocks\":{}", "");
    assertFalse(before.contains("otherChecks") || before.contains("clocks"), before);

    assertEquals(s.state, ServiceStateCodec.decode(before.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void decode_rejectsWhatIsNotAState() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ServiceStateCodec.decode("{\"mode\":\"SIDEWAYS\"}".getBytes(StandardCharsets.UTF_8)));
    assertThrows(
        IllegalArgumentException.class,
        () -> ServiceStateCodec.decode("not json".getBytes(StandardCharsets.UTF_8)));
  }
}
