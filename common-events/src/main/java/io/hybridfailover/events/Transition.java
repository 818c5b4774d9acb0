package io.hybridfailover.events;

import java.time.Instant;
import java.util.Map;

/**
 * A change of the decider's verdict on one service on one cluster: what alerting pages on.
 *
 * @param votes each prober's vote at that moment, sorted by prober; optional, empty if absent
 */
public record Transition(
    String service,
    Cluster cluster,
    Verdict from,
    Verdict to,
    Map<String, Vote> votes,
    String reason,
    Instant at)
    implements EventData {

  public Transition {
    Require.serviceId(service, "service");
    Require.present(cluster, "cluster");
    Require.present(from, "from");
    Require.present(to, "to");
    votes = Require.sortedMap(votes, "votes");
    Require.text(reason, "reason");
    at = Require.timestamp(at, "at");
  }

  public Instant time() {
    return at;
  }
}
