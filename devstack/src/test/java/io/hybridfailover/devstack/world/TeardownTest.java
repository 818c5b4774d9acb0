package io.hybridfailover.devstack.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a world's parts started is stopped newest first, even when one of them fails to stop. */
class TeardownTest {

  private final List<String> stopped = new ArrayList<>();
  private final List<String> said = new ArrayList<>();
  private final Teardown teardown = new Teardown(said::add);

  private AutoCloseable piece(String name) {
    return new AutoCloseable() {
      @Override
      public void close() {
        stopped.add(name);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  @Test
  void stopsNewestFirst_andOnlyOnce() throws Exception {
    teardown.keep(piece("api"));
    teardown.keep(piece("apps"));
    teardown.keep(piece("user"));

    teardown.close();
    teardown.close();

    assertEquals(List.of("user", "apps", "api"), stopped);
  }

  @Test
  void aPieceStartedWhileTheWorldStops_isStoppedAtOnce_andTheStartFails() {
    teardown.close();

    assertThrows(IllegalStateException.class, () -> teardown.keep(piece("late")));
    assertEquals(List.of("late"), stopped);
  }

  @Test
  void aPieceThatCannotStop_isSaid_andTheOthersStopAllTheSame() throws Exception {
    teardown.keep(piece("api"));
    teardown.keep(
        () -> {
          throw new IllegalStateException("stuck");
        });
    teardown.keep(piece("user"));

    teardown.close();

    assertEquals(List.of("user", "api"), stopped);
    assertTrue(said.get(0).startsWith("could not stop "), said.toString());
  }
}
