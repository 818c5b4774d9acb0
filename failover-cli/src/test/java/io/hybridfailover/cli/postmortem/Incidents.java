package io.hybridfailover.cli.postmortem;

import io.hybridfailover.decider.replay.JsonLines;
import io.hybridfailover.decider.replay.Replay;
import io.hybridfailover.decider.replay.ReplaySettings;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.OverrideAction;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The recorded incidents the post-mortem tests share: {@code shop/web}, three probers. */
public final class Incidents {

  public static final Instant T0 = Instant.parse("2026-11-23T03:00:00Z");

  /** The decider's settings in these incidents: production's rules on a faster clock. */
  public static final Map<String, String> PRODUCTION =
      Map.of(
          "hybrid.decider.expected-probers", "3",
          "hybrid.decider.failback-delay", "10s",
          "hybrid.decider.failback-step-interval", "5s",
          "hybrid.decider.drain", "5s");

  private Incidents() {}

  /** {@link #PRODUCTION} as the decider's properties file, for {@code --config}. */
  public static Path productionConfig(Path dir) throws IOException {
    StringBuilder props = new StringBuilder();
    PRODUCTION.forEach((k, v) -> props.append(k).append('=').append(v).append('\n'));
    return Files.writeString(dir.resolve("decider.properties"), props);
  }

  /**
   * {@code n} rounds 250 ms apart in which every prober reports the desktop as {@code desktop} and
   * GKE UP.
   */
  public static void rounds(List<Event<?>> events, Instant from, int n, Outcome desktop) {
    for (int i = 0; i < n; i++) {
      Instant at = from.plus(Duration.ofMillis(250L * i));
      for (String prober : List.of("prober-a", "prober-b", "prober-c")) {
        for (Cluster cluster : Cluster.values()) {
          Outcome outcome = cluster == Cluster.DESKTOP ? desktop : Outcome.UP;
          events.add(
              Event.of(
                  "obs-" + events.size(),
                  "/health-prober/" + prober,
                  new Observation(
                      "shop/web",
                      cluster,
                      Check.HTTP,
                      prober,
                      outcome,
                      3,
                      outcome == Outcome.DOWN ? "connect timeout" : null,
                      null,
                      at)));
        }
      }
    }
  }

  /** One UP observation of {@code service}'s desktop at {@link #T0}: a service that stayed calm. */
  public static Event<Observation> calmObservation(String service) {
    return Event.of(
        "calm-" + service,
        "/health-prober/prober-a",
        new Observation(
            service, Cluster.DESKTOP, Check.HTTP, "prober-a", Outcome.UP, 3, null, null, T0));
  }

  /**
   * An outage and recovery as recorded live: observations, the decider's transitions and commands,
   * each command's results (the karmada-actuator fails epoch 2), and a freeze.
   */
  public static List<Event<?>> recordedOutage() {
    EventCodec codec = new EventCodec();
    List<Event<?>> observations = new ArrayList<>();
    rounds(observations, T0, 4, Outcome.UP);
    rounds(observations, T0.plusSeconds(1), 8, Outcome.DOWN);
    rounds(observations, T0.plusSeconds(3), 200, Outcome.UP);
    List<Event<?>> all = new ArrayList<>(observations);
    String lines = String.join("\n", observations.stream().map(codec::encodeToString).toList());
    new Replay(ReplaySettings.fromProperties(PRODUCTION))
        .run(
            new JsonLines(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8))),
            new Replay.Listener() {
              @Override
              public void emitted(Event<?> event) {
                all.add(event);
                if (event.data() instanceof Command c) {
                  Instant done = c.issuedAt().plusMillis(40);
                  all.add(result(c, "traffic-switcher", ActuationOutcome.APPLIED, done));
                  all.add(
                      result(
                          c,
                          "karmada-actuator",
                          c.epoch() == 2 ? ActuationOutcome.FAILED : ActuationOutcome.APPLIED,
                          done));
                }
              }
            });
    all.add(
        Event.of(
            "o1",
            "/hybrid",
            new OperatorOverride(
                "shop/web",
                OverrideAction.FREEZE,
                "looking <closely> & carefully",
                "alice",
                T0.plusSeconds(40))));
    all.sort(Comparator.comparing(Event::time));
    return all;
  }

  private static Event<ActuationResult> result(
      Command c, String actuator, ActuationOutcome outcome, Instant at) {
    return Event.of(
        c.commandId() + actuator,
        "/" + actuator,
        new ActuationResult(
            c.commandId(),
            c.service(),
            c.epoch(),
            actuator,
            outcome,
            "r",
            1,
            outcome == ActuationOutcome.FAILED ? "gave up after 3 tries" : null,
            at));
  }
}
