package io.hybridfailover.devstack.drill;

import static io.hybridfailover.devstack.drill.Behaviour.REFUSED;
import static io.hybridfailover.devstack.drill.Behaviour.UP;

import io.hybridfailover.devstack.drill.Action.SetDesktop;
import io.hybridfailover.devstack.drill.Action.StuckWrites;
import java.time.Duration;
import java.util.List;

/**
 * The fleet drills: the home line dies and every service on the desktop fails at once ({@code
 * ./demo --services N} sets the fleet's size; {@value #SERVICES} by default).
 */
final class FleetDrills {

  /** The fleet of a fleet drill unless {@code --services} says otherwise. */
  static final int SERVICES = 100;

  private static final Duration OUTAGE = Duration.ofSeconds(30);

  private FleetDrills() {}

  static List<Drill.Builder> all() {
    return List.of(
        Drill.named(
                "fleet-outage",
                "every service of a fleet (100 unless --services) refused at once for 30 s, then"
                    + " healthy")
            .steps(Drills.outage())
            .expect(
                Expectation.FAILS_OVER_AND_BACK_ONCE,
                Expectation.EVERY_SERVICE_FAILS_OVER_AND_BACK_ONCE,
                Expectation.NO_FALSE_FAILOVER)
            .world(WorldShape.PLAIN.withServices(SERVICES))
            .alerting(AlertExpectations.fires(Drills.DESKTOP_DOWN, 15)),
        Drill.named(
                "fleet-stuck-write",
                "fleet-outage; throughout, the API holds up the writes of one service's route and"
                    + " policy (a 15 s hang, then 500s, then 409s)")
            .step(0, new StuckWrites(OUTAGE))
            .step(0, new SetDesktop(REFUSED))
            .step(OUTAGE.toMillis(), new SetDesktop(UP))
            .expect(
                Expectation.FAILS_OVER_AND_BACK_ONCE,
                Expectation.EVERY_SERVICE_FAILS_OVER_AND_BACK_ONCE,
                Expectation.OTHERS_FAIL_OVER_WITHIN_BOUND,
                Expectation.STUCK_SERVICE_FAILS_WITH_THE_REASON_AND_IS_RETRIED,
                Expectation.NO_FALSE_FAILOVER)
            .world(WorldShape.PLAIN.withApiFaults().withServices(SERVICES)));
  }
}
