package io.hybridfailover.devstack.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridfailover.devstack.drill.AlertExpectations.Check;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A drill's alerts: each expected one fired in time, and no other fired; else a clear reason. */
class AlertExpectationsTest {

  private final AlertExpectations decider =
      AlertExpectations.fires("HybridDesktopDown", 15).and("HybridDeciderNotProcessing", 30);

  @Test
  void theExpectedAlertsInTime_andNoOther_pass() {
    Map<String, Long> fired = new LinkedHashMap<>();
    fired.put("HybridDesktopDown", 4_800L);
    fired.put("HybridDeciderNotProcessing", 12_100L);
    assertEquals(
        List.of(
            new Check(
                "alert HybridDesktopDown fires within 15 s of the first fault", Optional.empty()),
            new Check(
                "alert HybridDeciderNotProcessing fires within 30 s of the first fault",
                Optional.empty()),
            new Check("no other alert fires", Optional.empty())),
        decider.checks(fired));
  }

  @Test
  void aMissingALateAnEarlyAndAnUnexpectedAlert_eachFailWithTheirReason() {
    Map<String, Long> fired = new LinkedHashMap<>();
    fired.put("HybridDesktopDown", 31_000L);
    fired.put("HybridProberSkewed", -2_000L);
    assertEquals(
        List.of(
            new Check(
                "alert HybridDesktopDown fires within 15 s of the first fault",
                Optional.of("it fired only at +31.0 s")),
            new Check(
                "alert HybridDeciderNotProcessing fires within 30 s of the first fault",
                Optional.of("it never fired")),
            new Check("no other alert fires", Optional.of("HybridProberSkewed fired at -2.0 s"))),
        decider.checks(fired));
    assertEquals(
        Optional.of("it fired -1.0 s, before the fault"),
        AlertExpectations.fires("HybridDesktopDown", 15)
            .checks(Map.of("HybridDesktopDown", -1_000L))
            .get(0)
            .violation());
  }

  @Test
  void aDrillThatDeclaresNoAlertsIsNotJudged() {
    assertEquals(List.of(), AlertExpectations.UNDECLARED.checks(Map.of("HybridDesktopDown", 1L)));
  }
}
