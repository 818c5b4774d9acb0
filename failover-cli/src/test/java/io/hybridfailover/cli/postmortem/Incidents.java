package io.hybridfailover.cli.postmortem;

import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
}
