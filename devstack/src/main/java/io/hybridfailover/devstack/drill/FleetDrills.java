package io.hybridfailover.devstack.drill;

import static io.hybridfailover.devstack.drill.Behaviour.REFUSED;
import static io.hybridfailover.devstack.drill.Behaviour.UP;

import io.hybridfailover.devstack.drill.Action.SetDesktop;
import io.hybridfailover.devstack.drill.Action.StuckWrites;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The fleet drills: the home line dies and every service on the desktop fails at once ({@code
 * ./demo --services N} sets the fleet's size; {@value #SERVICES} by default).
 */
final class FleetDrills {

  /** The fleet of a fleet drill unless {@code --services} says otherwise. */
  static final int SERVICES = 100;

  private static final Duration OUTAGE = Duration.ofSeconds(30);

  private FleetDrills() {}

  static List<Drill> all() {
    return List.of(
        new Drill(
                "fleet-outage",
                "every service of a fleet (100 unless --services) refused at once for 30 s, then"
                    + " healthy",
                false,
                Drills.outage(),
                true,
                Duration.ZERO,
                List.of(
                    Expectation.FAILS_OVER_AND_BACK_ONCE,
                    Expectation.EVERY_SERVICE_FAILS_OVER_AND_BACK_ONCE,
                    Expectation.NO_FALSE_FAILOVER),
                new WorldShape(1, Map.of(), false).withServices(SERVICES))
            .alerting(AlertExpectations.fires(Drills.DESKTOP_DOWN, 15)),
        new Drill(
            "fleet-stuck-write",
            "fleet-outage; throughout, the API holds up the writes of one service's route and"
                + " policy (a 15 s hang, then 500s, then 409s)",
            false,
            List.of(
                Step.at(0, new StuckWrites(OUTAGE)),
                Step.at(0, new SetDesktop(REFUSED)),
                Step.at(OUTAGE.toMillis(), new SetDesktop(UP))),
            true,
            Duration.ZERO,
            List.of(
                Expectation.FAILS_OVER_AND_BACK_ONCE,
                Expectation.EVERY_SERVICE_FAILS_OVER_AND_BACK_ONCE,
                Expectation.OTHERS_FAIL_OVER_WITHIN_BOUND,
                Expectation.STUCK_SERVICE_FAILS_WITH_THE_REASON_AND_IS_RETRIED,
                Expectation.NO_FALSE_FAILOVER),
            new WorldShape(1, Map.of(), true).withServices(SERVICES)));
  }
}
