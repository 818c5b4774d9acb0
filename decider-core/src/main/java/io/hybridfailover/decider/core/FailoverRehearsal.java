package io.hybridfailover.decider.core;

import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A failover on a scratch fleet, in memory: a service that no one runs is seen UP by every prober
 * on both clusters, then DOWN on the desktop, until the core issues its failover command. The
 * decider runs it once at start-up and encodes what it decided, publishing nothing: the first real
 * failover then finds the core's failover path and the event encoders loaded and run once, instead
 * of paying for that between the verdict and the command (measured in the outage drill).
 */
public final class FailoverRehearsal {

  /** The scratch service, named so that no one mistakes it for theirs. */
  public static final String SERVICE = "hybrid-failover-rehearsal/scratch";

  private FailoverRehearsal() {}

  /**
   * Feeds the scratch service's observations to a fresh fleet until the core issues a command, or
   * gives up after enough rounds for any valid setting of rise and fall.
   *
   * @param start the rehearsal's clock: any instant, it only moves forward from there
   * @return every decision made, the failover command in the last one (if reached)
   */
  public static List<Decision> run(Decider decider, Instant start) {
    DeciderSettings settings = decider.settingsFor(SERVICE);
    Fleet fleet = new Fleet(decider, new InMemoryStore());
    // Every vote stays fresh: a round is a quarter of the time a vote lasts.
    Duration round = settings.staleAfter().dividedBy(4);
    int upRounds = settings.rise() + 1;
    int limit = upRounds + settings.fall() + 2;
    List<Decision> decisions = new ArrayList<>();
    Instant now = start;
    for (int r = 0; r < limit; r++) {
      boolean desktopDown = r >= upRounds;
      for (int p = 1; p <= settings.expectedProbers(); p++) {
        for (Cluster cluster : Cluster.values()) {
          Outcome outcome = desktopDown && cluster == Cluster.DESKTOP ? Outcome.DOWN : Outcome.UP;
          Observation observation =
              new Observation(
                  SERVICE, cluster, Check.HTTP, "rehearsal-" + p, outcome, 1, null, null, now);
          decisions.addAll(fleet.onEvent(Event.of("/rehearsal", observation), now));
          if (decisions.stream().anyMatch(d -> !d.commands().isEmpty())) {
            return decisions;
          }
        }
      }
      decisions.addAll(fleet.onTick(now));
      now = now.plus(round);
    }
    return decisions;
  }
}
