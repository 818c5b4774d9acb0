package io.hybridfailover.devstack.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.devstack.drill.Action.SetDesktop;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrillsTest {

  @Test
  void theSixDrillsOfTheIssueAreThereByName() {
    assertEquals(
        List.of(
            "outage", "blackhole", "flap", "prober-loss", "split-view", "cold-standby", "operator"),
        Drills.all().stream().map(Drill::name).toList());
  }

  @Test
  void everyDrillChecksItsEpochs() {
    for (Drill drill : Drills.all()) {
      assertTrue(drill.expectations().contains(Expectation.EPOCHS_STRICTLY_INCREASE), drill.name());
    }
  }

  @Test
  void theFlapAlternatesEveryTwoSecondsForAMinuteThenStaysUp() {
    Drill flap = Drills.byName("flap").orElseThrow();
    List<Step> steps = flap.steps();
    assertEquals(30, steps.size());
    for (int i = 0; i < steps.size(); i++) {
      assertEquals(Duration.ofSeconds(2L * i), steps.get(i).at());
      Behaviour expected = i % 2 == 0 ? Behaviour.REFUSED : Behaviour.UP;
      assertEquals(new SetDesktop(expected), steps.get(i).action());
    }
    assertTrue(flap.lastStep().compareTo(Duration.ofSeconds(60)) < 0);
  }

  @Test
  void theDrillSettingsAreTheShortOnesOfTheIssue() {
    DrillSettings settings = DrillSettings.defaults();
    assertEquals(Duration.ofMillis(250), settings.probeInterval());
    assertEquals(3, settings.fall());
    assertEquals(3, settings.rise());
    assertEquals(Duration.ofSeconds(10), settings.failbackDelay());
    assertEquals(2, settings.quorum());
    assertEquals(Duration.ofMillis(1_950), settings.failoverBound());
    assertEquals("10000ms", settings.deciderProperties().get("hybrid.decider.failback-delay"));
  }
}
