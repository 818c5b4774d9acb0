package io.hybridfailover.devstack.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.devstack.drill.Moment;
import io.hybridfailover.devstack.drill.Moment.ResultPublished;
import io.hybridfailover.events.ActuationOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HomeWaitTest {

  private static final Instant T0 = Instant.parse("2026-12-07T03:00:00Z");

  private static ResultPublished result(String actuator, String replica, long epoch) {
    return new ResultPublished(T0, actuator, epoch, ActuationOutcome.APPLIED, null, T0, replica);
  }

  /** Two traffic-switchers answer before the karmada-actuator has: not yet home. */
  @Test
  void twoReplicasOfOneActuatorAreNotBothActuators() {
    List<Moment> timeline = new ArrayList<>();
    timeline.add(result("traffic-switcher", "traffic-switcher-1", 9));
    timeline.add(result("traffic-switcher", "traffic-switcher-2", 9));
    timeline.add(result("karmada-actuator", "karmada-actuator-local", 8));

    assertFalse(HomeWait.answeredByBoth(timeline, 9));

    timeline.add(result("karmada-actuator", "karmada-actuator-local", 9));
    assertTrue(HomeWait.answeredByBoth(timeline, 9));
  }

  @Test
  void oneReplicaOfEachIsBoth() {
    assertTrue(
        HomeWait.answeredByBoth(
            List.of(
                result("karmada-actuator", null, 3),
                result("traffic-switcher", "traffic-switcher-2", 3)),
            3));
  }
}
