package io.hybridfailover.events;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The latest decided state of one service (the compacted state topic keeps one per service).
 *
 * @param epoch the epoch of the last command issued for the service; {@code 0} before the first
 *     command, so a service can be reported before anything was ever done to it ({@code >= 0})
 * @param since when the service entered {@code mode}
 * @param health the current verdict per cluster, in cluster order; clusters with no verdict yet may
 *     be absent
 */
public record FailoverState(
    String service,
    Mode mode,
    long epoch,
    Routing routing,
    Placement placement,
    boolean frozen,
    Instant since,
    Map<Cluster, Verdict> health)
    implements EventData {

  public FailoverState {
    Require.serviceId(service, "service");
    Require.present(mode, "mode");
    Require.atLeast(epoch, 0, "epoch");
    Require.present(routing, "routing");
    Require.present(placement, "placement");
    since = Require.timestamp(since, "since");
    Require.present(health, "health");
    EnumMap<Cluster, Verdict> copy = new EnumMap<>(Cluster.class);
    for (Map.Entry<Cluster, Verdict> entry : health.entrySet()) {
      Cluster cluster = Require.present(entry.getKey(), "health key");
      copy.put(cluster, Require.present(entry.getValue(), "health." + cluster.wireName()));
    }
    health = Collections.unmodifiableMap(copy);
  }

  public Instant time() {
    return since;
  }
}
