package io.hybridfailover.decider;

import static org.awaitility.Awaitility.await;

import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.OverrideAction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Contract events as the probers and operators of the tests send them. */
final class Inputs {

  static final String SERVICE = "shop/web";
  static final List<String> PROBERS = List.of("prober-a", "prober-b", "prober-c");

  private Inputs() {}

  static Event<Observation> observation(
      String prober, Cluster cluster, Outcome outcome, Instant at) {
    return observation(SERVICE, prober, cluster, outcome, at);
  }

  static Event<Observation> observation(
      String service, String prober, Cluster cluster, Outcome outcome, Instant at) {
    return Event.of(
        "/health-prober/" + prober,
        new Observation(
            service,
            cluster,
            Check.HTTP,
            prober,
            outcome,
            5,
            null,
            "http://" + cluster.wireName() + ".example/healthz",
            at));
  }

  /**
   * Paces rounds of probes {@code interval} apart, as probers send them: pacing, not waiting for a
   * condition, so only a poll delay before the (always true) condition is checked. In this thread:
   * a poller thread per round would slow the rounds of a loaded machine (fewer rounds in a time).
   */
  static void pace(Duration interval) {
    await()
        .pollInSameThread()
        .pollDelay(interval)
        .atMost(interval.plusSeconds(10))
        .until(() -> true);
  }

  static Event<OperatorOverride> override(String service, OverrideAction action, Instant at) {
    return Event.of("/operator/alice", new OperatorOverride(service, action, "test", "alice", at));
  }
}
