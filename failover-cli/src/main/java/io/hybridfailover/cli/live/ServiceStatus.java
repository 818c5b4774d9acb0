package io.hybridfailover.cli.live;

import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.FailoverState;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.OverrideAction;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code hybrid status} shows for one service: the decider's latest state, the operator
 * override it is under (if frozen), and when each cluster was last observed.
 *
 * @param state the latest state on the compacted state topic
 * @param override the newest override for this service or for all, if the state is frozen and one
 *     is on the overrides topic
 * @param forcedTo the cluster a force pinned the service to and no later release ended; {@code
 *     null} when frozen without a force or not frozen
 * @param observed when an observation about each cluster last arrived, within the window read
 */
record ServiceStatus(
    FailoverState state,
    Optional<Event<OperatorOverride>> override,
    Cluster forcedTo,
    Map<Cluster, Instant> observed) {

  /** "auto", "frozen" or "forced-gke" / "forced-desktop". */
  String control() {
    if (!state.frozen()) {
      return "auto";
    }
    return forcedTo == null ? "frozen" : "forced-" + forcedTo.wireName();
  }

  /** The cluster an action forces to; {@code null} for the others. */
  static Cluster forcedBy(OverrideAction action) {
    return switch (action) {
      case FORCE_DESKTOP -> Cluster.DESKTOP;
      case FORCE_GKE -> Cluster.GKE;
      default -> null;
    };
  }
}
