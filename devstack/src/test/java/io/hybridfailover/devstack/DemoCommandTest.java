package io.hybridfailover.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hybridfailover.devstack.drill.Drills;
import io.hybridfailover.devstack.drill.Summary;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

  @Test
  void allExitsNonZeroWhenAnyDrillFailed() {
    Summary.Line failed = new Summary.Line("outage", null, List.of("could not run: test"), 1);

    assertEquals(DemoCommand.FAILED, DemoCommand.exitCode(List.of(failed)));
    assertEquals(0, DemoCommand.exitCode(List.of()));
  }

  @Test
  void withAllTheServicesOptionSizesTheFleetDrillsOnly() {
    assertEquals(20, DemoCommand.fleetSize(Drills.byName("fleet-outage").orElseThrow(), 20));
    assertEquals(20, DemoCommand.fleetSize(Drills.byName("fleet-stuck-write").orElseThrow(), 20));
    assertNull(DemoCommand.fleetSize(Drills.byName("outage").orElseThrow(), 20));
    assertNull(DemoCommand.fleetSize(Drills.byName("fleet-outage").orElseThrow(), null));
  }
}
