package io.hybridfailover.placement.policy;

import io.hybridfailover.actuation.JsonMaps;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The shape checks of a placement before it is widened for GKE: each rule says why adding the GKE
 * cluster to {@code clusterAffinity.clusterNames} would not put a full copy there, or would take
 * the desktop's copy away, naming the field. Pure: no client, no clock.
 */
final class PlacementShape {

  private PlacementShape() {}

  /** Why {@code placement} cannot be widened without changing what it means; empty if it can. */
  static Optional<String> whyNotWidenable(Map<String, Object> placement, PlacementTarget t) {
    Map<String, Object> affinity = JsonMaps.map(placement, "clusterAffinity");
    return Stream.of(
            affinityGroups(placement, t),
            selectors(affinity, t),
            excluded(affinity, t),
            spreadLimit(placement, t))
        .flatMap(Optional::stream)
        .findFirst();
  }

  /** Affinity groups are tried in order: no single change keeps desktop and adds GKE. */
  private static Optional<String> affinityGroups(Map<String, Object> placement, PlacementTarget t) {
    if (!PlacementPlan.present(placement.get("clusterAffinities"))) {
      return Optional.empty();
    }
    return Optional.of(
        "spec.placement.clusterAffinities is set: affinity groups are tried in order, so no"
            + " single change puts a full copy on "
            + t.gkeCluster()
            + " while keeping "
            + t.desktopCluster()
            + "; use spec.placement.clusterAffinity.clusterNames");
  }

  /** A selector must match as well as the names, so a listed cluster may still be left out. */
  private static Optional<String> selectors(Map<String, Object> affinity, PlacementTarget t) {
    return Stream.of("labelSelector", "fieldSelector")
        .filter(selector -> PlacementPlan.present(affinity.get(selector)))
        .findFirst()
        .map(
            selector ->
                "spec.placement.clusterAffinity."
                    + selector
                    + " is set: a cluster must match it as well as clusterNames, so adding "
                    + t.gkeCluster()
                    + " to clusterNames may not place a copy there; use clusterNames only");
  }

  /** Neither cluster may be excluded: both must run a copy. */
  private static Optional<String> excluded(Map<String, Object> affinity, PlacementTarget t) {
    if (!(affinity.get("exclude") instanceof List<?> excluded)) {
      return Optional.empty();
    }
    return Stream.of(t.desktopCluster(), t.gkeCluster())
        .filter(excluded::contains)
        .findFirst()
        .map(
            cluster ->
                "spec.placement.clusterAffinity.exclude lists "
                    + cluster
                    + ", which must run a copy");
  }

  /** A spread constraint of at most one group forbids running on both clusters. */
  private static Optional<String> spreadLimit(Map<String, Object> placement, PlacementTarget t) {
    List<Map<String, Object>> spread = JsonMaps.list(placement, "spreadConstraints");
    for (int i = 0; i < spread.size(); i++) {
      if (spread.get(i).get("maxGroups") instanceof Number max && max.intValue() < 2) {
        return Optional.of(
            "spec.placement.spreadConstraints["
                + i
                + "].maxGroups is "
                + max
                + ": it forbids running on both "
                + t.desktopCluster()
                + " and "
                + t.gkeCluster());
      }
    }
    return Optional.empty();
  }
}
