package io.hybridfailover.devstack.world.karmada;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.devstack.world.karmada.ClusterReadiness.SyncMode;
import io.hybridfailover.devstack.world.karmada.ClusterReadiness.Timings;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClusterReadinessTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void push_turnsNotReadyAfterThirtySecondsOfFailedChecks_andReadyAfterThirtyOfSuccesses() {
    ClusterReadiness desktop = new ClusterReadiness(SyncMode.PUSH, Timings.KARMADA, T0);
    assertTrue(desktop.check(T0, true));

    assertTrue(desktop.check(T0.plusSeconds(10), false));
    assertTrue(desktop.check(T0.plusSeconds(20), false));
    assertTrue(desktop.check(T0.plusSeconds(30), false));
    assertFalse(desktop.check(T0.plusSeconds(40), false));

    assertFalse(desktop.check(T0.plusSeconds(50), true));
    assertFalse(desktop.check(T0.plusSeconds(70), true));
    assertTrue(desktop.check(T0.plusSeconds(80), true));
  }

  @Test
  void push_aSuccessInBetween_restartsTheThreshold() {
    ClusterReadiness desktop = new ClusterReadiness(SyncMode.PUSH, Timings.KARMADA, T0);

    desktop.check(T0.plusSeconds(10), false);
    desktop.check(T0.plusSeconds(20), true);
    desktop.check(T0.plusSeconds(30), false);

    assertTrue(desktop.check(T0.plusSeconds(50), false));
    assertFalse(desktop.check(T0.plusSeconds(60), false));
  }

  @Test
  void pull_turnsNotReadyAfterTheFortySecondLeaseGrace_andReadyAtOnce() {
    ClusterReadiness gke = new ClusterReadiness(SyncMode.PULL, Timings.KARMADA, T0);

    assertTrue(gke.check(T0.plusSeconds(39), false));
    assertFalse(gke.check(T0.plusSeconds(40), false));
    assertTrue(gke.check(T0.plusSeconds(41), true));
  }
}
