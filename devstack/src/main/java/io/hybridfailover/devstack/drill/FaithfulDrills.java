package io.hybridfailover.devstack.drill;

import static io.hybridfailover.devstack.drill.Behaviour.REFUSED;
import static io.hybridfailover.devstack.drill.Behaviour.UP;

import io.hybridfailover.devstack.drill.Action.SetDesktop;
import java.util.List;

/**
 * Drills of Karmada and Linkerd as they really apply a placement and a route: the deploy sample's
 * placement (GKE cold at 3 replicas), a route no mesh controller accepts, and the desktop Cluster
 * turning NotReady with Karmada's timings.
 */
final class FaithfulDrills {

  private FaithfulDrills() {}

  static List<Drill.Builder> all() {
    return List.of(
        Drill.named(
                "sample",
                "the deploy sample's placement (Divided 10:1, 3 replicas: GKE cold), then the outage")
            .coldStandby()
            .steps(Drills.outage())
            .expect(
                Expectation.PLACEMENT_FIRST_ROUTING_AFTER_GKE_UP,
                Expectation.FAILS_OVER_AND_BACK_ONCE)
            .variant(new WorldVariant("/world/seed-sample.yaml", null, false, false)),
        Drill.named(
                "route-ignored",
                "a route with a Gateway parent, which no mesh controller accepts, then the outage")
            .steps(Drills.outage())
            .expect(
                Expectation.ROUTE_NOT_APPLIED_REPORTED_BEFORE_THE_OUTAGE,
                Expectation.USERS_STAY_ON_THE_DESKTOP)
            .variant(
                new WorldVariant(
                    "/world/seed.yaml", "/world/route-httproute-gateway.yaml", false, true)),
        Drill.named(
                "karmada-signal",
                "desktop refused for 60 s, probers watching Karmada's Cluster Ready (Push: 30 s"
                    + " thresholds), then healthy")
            .step(0, new SetDesktop(REFUSED))
            .step(60_000, new SetDesktop(UP))
            .expect(
                Expectation.FAILS_OVER_AND_BACK_ONCE, Expectation.FAILBACK_WAITS_FOR_CLUSTER_READY)
            .variant(new WorldVariant("/world/seed.yaml", null, true, false)));
  }
}
