package io.hybridfailover.decider.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.decider.core.DeciderSettingsSet;
import io.hybridfailover.decider.core.OverrideRules;
import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.EventData;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The replay decides an override's expiry on event time, like every timer (v1.2). */
class ReplayExpiryTest {

  private static final Instant T0 = Instant.parse("2026-11-23T03:00:00Z");
  private static final DeciderSettingsSet SETTINGS =
      DeciderSettingsSet.fromProperties(
          Map.of(
              "hybrid.decider.expected-probers", "1",
              "hybrid.decider.fall", "1",
              "hybrid.decider.rise", "1",
              "hybrid.decider.failback-delay", "10s",
              "hybrid.decider.stale-after", "1h"));

  private final EventCodec codec = new EventCodec();
  private int ids;

  @Test
  void aForceEndsAtItsExpiryByEventTime_evenInAQuietStretch() {
    List<String> lines = new ArrayList<>();
    lines.add(line(observation(Cluster.DESKTOP, T0)));
    lines.add(line(observation(Cluster.GKE, T0)));
    Instant expiry = T0.plusSeconds(90);
    lines.add(
        line(
            new OperatorOverride(
                "shop/web",
                OverrideAction.FORCE_GKE,
                "ISP works",
                "alice",
                T0.plusSeconds(1),
                expiry)));
    // Nothing between the force and an observation ten minutes later: only the replay's ticks.
    lines.add(line(observation(Cluster.DESKTOP, T0.plusSeconds(600))));

    List<Event<?>> output = new Replay(SETTINGS).run(lines).output();

    Transition expired =
        output.stream()
            .filter(
                e ->
                    e.data() instanceof Transition t
                        && t.reason().startsWith(OverrideRules.OVERRIDE_EXPIRED))
            .map(e -> (Transition) e.data())
            .findFirst()
            .orElseThrow(() -> new AssertionError("no expiry in " + output));
    assertTrue(
        !expired.at().isBefore(expiry) && expired.at().isBefore(expiry.plusMillis(250)),
        "expired at " + expired.at() + ", due " + expiry);
    List<Command> commands =
        output.stream()
            .filter(e -> e.data() instanceof Command)
            .map(e -> (Command) e.data())
            .toList();
    assertEquals(Mode.FAILED_OVER, commands.get(0).mode());
    assertEquals(Mode.FAILING_BACK, commands.get(1).mode(), "the rules take over at the expiry");
    assertEquals(expired.at(), commands.get(1).issuedAt());
  }

  private static Observation observation(Cluster cluster, Instant at) {
    return new Observation(
        "shop/web", cluster, Check.HTTP, "prober-a", Outcome.UP, 3, null, null, at);
  }

  private String line(EventData data) {
    return codec.encodeToString(Event.of("input-" + ids++, "/test", data));
  }
}
