package io.hybridfailover.devstack.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettlingTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void noFigure_untilTheSamplesSpanTheWindow() {
    Settling settling = new Settling(Duration.ofSeconds(5));

    assertTrue(settling.add(0, 0).isEmpty());
    assertTrue(settling.add(4 * SECOND, 8 * SECOND).isEmpty());
    assertEquals(2.0, settling.add(5 * SECOND, 10 * SECOND).getAsDouble(), 1e-9);
  }

  @Test
  void theFigure_isTheLastWindowOnly_notTheBusyStartBeforeIt() {
    Settling settling = new Settling(Duration.ofSeconds(5));
    long cpu = 0;
    // Ten seconds with both cores busy, then ten at half a core.
    for (int s = 0; s <= 10; s++) {
      settling.add(s * SECOND, cpu);
      cpu += 2 * SECOND;
    }
    cpu -= 2 * SECOND;
    double last = Double.NaN;
    for (int s = 11; s <= 20; s++) {
      cpu += SECOND / 2;
      last = settling.add(s * SECOND, cpu).getAsDouble();
    }

    assertEquals(0.5, last, 1e-9);
  }

  @Test
  void aLowerSum_startsOver_ratherThanReportingNegativeCores() {
    Settling settling = new Settling(Duration.ofSeconds(1));
    settling.add(0, 0);
    settling.add(SECOND, 3 * SECOND);

    assertTrue(settling.add(2 * SECOND, SECOND).isEmpty());
    assertEquals(0.25, settling.add(3 * SECOND, SECOND + SECOND / 4).getAsDouble(), 1e-9);
  }

  @Test
  void aWindowOfNothing_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Settling(Duration.ZERO));
  }
}
