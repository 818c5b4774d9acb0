package io.hybridfailover.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RoutingTest {

  /** Every pair of weights from -1 to 101: valid exactly when both are 0..100 and sum to 100. */
  @Test
  void acceptsExactlyTheWeightsWithinRangeThatSumTo100() {
    int accepted = 0;
    for (int desktop = -1; desktop <= 101; desktop++) {
      for (int gke = -1; gke <= 101; gke++) {
        boolean valid =
            desktop >= 0 && gke >= 0 && desktop <= 100 && gke <= 100 && desktop + gke == 100;
        int d = desktop;
        int g = gke;
        if (valid) {
          Routing routing = new Routing(d, g);
          assertEquals(routing, Routing.desktop(d));
          accepted++;
        } else {
          assertThrows(InvalidEventException.class, () -> new Routing(d, g), d + "/" + g);
        }
      }
    }
    assertEquals(101, accepted);
  }

  @Test
  void namesTheWeightOutOfRange() {
    assertEquals(
        "routing.desktop: must be between 0 and 100 but was 120",
        assertThrows(InvalidEventException.class, () -> new Routing(120, -20)).getMessage());
    assertEquals(
        "routing.gke: must be between 0 and 100 but was -1",
        assertThrows(InvalidEventException.class, () -> new Routing(100, -1)).getMessage());
    assertEquals(
        "routing.desktop: must be between 0 and 100 but was 101",
        assertThrows(InvalidEventException.class, () -> Routing.desktop(101)).getMessage());
  }

  @Test
  void saysWhatTheWeightsSumTo() {
    assertEquals(
        "routing: weights must sum to 100 but sum to 90 (desktop=40, gke=50)",
        assertThrows(InvalidEventException.class, () -> new Routing(40, 50)).getMessage());
  }

  @Test
  void factoriesSendTrafficWhereTheySay() {
    assertEquals(new Routing(100, 0), Routing.allDesktop());
    assertEquals(new Routing(0, 100), Routing.allGke());
    assertEquals(new Routing(25, 75), Routing.desktop(25));
  }
}
