package io.hybridfailover.devstack.drill;

import static io.hybridfailover.devstack.drill.Behaviour.REFUSED;
import static io.hybridfailover.devstack.drill.Behaviour.UP;

import io.hybridfailover.devstack.drill.Action.SetDesktop;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Drills of Karmada and Linkerd as they really apply a placement and a route: the deploy sample's
 * placement (GKE cold at 3 replicas), a route no mesh controller accepts, and the desktop Cluster
 * turning NotReady with Karmada's timings.
 */
final class FaithfulDrills {

  private static final Map<String, WorldVariant> VARIANTS =
      Map.of(
          "sample",
          new WorldVariant("/world/seed-sample.yaml", null, false, false),
          "route-ignored",
          new WorldVariant("/world/seed.yaml", "/world/route-httproute-gateway.yaml", false, true),
          "karmada-signal",
          new WorldVariant("/world/seed.yaml", null, true, false));

  private FaithfulDrills() {}

  /** The world a drill runs in. */
  static WorldVariant variant(String drill) {
    return VARIANTS.getOrDefault(drill, WorldVariant.USUAL);
  }

  static List<Drill> all() {
    return List.of(
        new Drill(
            "sample",
            "the deploy sample's placement (Divided 10:1, 3 replicas: GKE cold), then the outage",
            true,
            Drills.outage(),
            true,
            Duration.ZERO,
            List.of(
                Expectation.PLACEMENT_FIRST_ROUTING_AFTER_GKE_UP,
                Expectation.FAILS_OVER_AND_BACK_ONCE)),
        new Drill(
            "route-ignored",
            "a route with a Gateway parent, which no mesh controller accepts, then the outage",
            false,
            Drills.outage(),
            true,
            Duration.ZERO,
            List.of(
                Expectation.ROUTE_NOT_APPLIED_REPORTED_BEFORE_THE_OUTAGE,
                Expectation.USERS_STAY_ON_THE_DESKTOP)),
        new Drill(
            "karmada-signal",
            "desktop refused for 60 s, probers watching Karmada's Cluster Ready (Push: 30 s"
                + " thresholds), then healthy",
            false,
            List.of(Step.at(0, new SetDesktop(REFUSED)), Step.at(60_000, new SetDesktop(UP))),
            true,
            Duration.ZERO,
            List.of(
                Expectation.FAILS_OVER_AND_BACK_ONCE,
                Expectation.FAILBACK_WAITS_FOR_CLUSTER_READY)));
  }
}
