package io.hybridfailover.devstack.drill;

import static io.hybridfailover.devstack.drill.FiguresTest.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hybridfailover.devstack.drill.Moment.ResultPublished;
import io.hybridfailover.events.ActuationOutcome;
import org.junit.jupiter.api.Test;

class MomentTest {

  @Test
  void aResultsReplicaIsTheInstanceIdInItsSource() {
    assertEquals(
        "traffic-switcher-2",
        ResultPublished.replicaIn("/traffic-switcher/traffic-switcher-2", "traffic-switcher"));
    assertEquals(
        "karmada-actuator-7d9f-x2",
        ResultPublished.replicaIn(
            "/karmada-actuator/karmada-actuator-7d9f-x2", "karmada-actuator"));
  }

  @Test
  void aSourceOfAnotherFormNamesNoReplica() {
    assertNull(ResultPublished.replicaIn("/karmada-actuator/a", "traffic-switcher"));
    assertNull(ResultPublished.replicaIn("/traffic-switcher/", "traffic-switcher"));
    assertNull(ResultPublished.replicaIn("drill-poison", "traffic-switcher"));
    assertNull(ResultPublished.replicaIn(null, "traffic-switcher"));
  }

  @Test
  void theTimelineNamesTheReplicaThatAnswered() {
    ResultPublished result =
        new ResultPublished(
            at(0),
            "traffic-switcher",
            7,
            ActuationOutcome.UNCHANGED,
            null,
            at(0),
            "traffic-switcher-2");

    assertEquals("traffic-switcher (traffic-switcher-2) epoch 7 UNCHANGED", result.describe());
    assertEquals(
        "traffic-switcher epoch 7 APPLIED",
        new ResultPublished(at(0), "traffic-switcher", 7, ActuationOutcome.APPLIED, null)
            .describe());
  }
}
