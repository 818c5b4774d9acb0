package io.hybridfailover.devstack.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WorldShapeTest {

  @Test
  void theUsualWorldRunsOneTrafficSwitcher() {
    assertEquals(1, WorldShape.PLAIN.switchers());
  }

  @Test
  void moreSwitchersOnRequest_theRestOfTheShapeKept() {
    WorldShape shape =
        WorldShape.PLAIN.withApiFaults().withDeciders(2).withServices(3).withSwitchers(2);

    assertEquals(2, shape.switchers());
    assertTrue(shape.apiFaults());
    assertEquals(2, shape.deciders());
    assertEquals(3, shape.services());
  }

  @Test
  void everyOtherChangeKeepsTheSwitchers() {
    WorldShape two = WorldShape.PLAIN.withSwitchers(2);

    assertEquals(2, two.withApiFaults().switchers());
    assertEquals(2, two.withDeciders(2).switchers());
    assertEquals(2, two.withProberClocks(Map.of("prober-1", "+1s")).switchers());
    assertEquals(2, two.withDurableBroker().switchers());
    assertEquals(2, two.withDeciderViaProxy().switchers());
    assertEquals(2, two.withServices(5).switchers());
    assertEquals(2, two.withBrokers(3).switchers());
  }

  @Test
  void aWorldWithoutATrafficSwitcherIsRefused() {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> WorldShape.PLAIN.withSwitchers(0));
    assertTrue(refused.getMessage().contains("traffic-switcher"), refused.getMessage());
  }
}
