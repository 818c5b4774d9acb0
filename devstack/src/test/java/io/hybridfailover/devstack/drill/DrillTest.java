package io.hybridfailover.devstack.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.devstack.drill.Action.SetDesktop;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A drill declared with its builder: the usual world unless it says otherwise. */
class DrillTest {

  @Test
  void aDrillDeclaredWithOnlyItsStepsRunsInTheUsualWorldAndWaitsForHome() {
    Drill drill =
        Drill.named("d", "a drill")
            .step(0, new SetDesktop(Behaviour.REFUSED))
            .step(30_000, new SetDesktop(Behaviour.UP))
            .expect(Expectation.FAILS_OVER_AND_BACK_ONCE)
            .build();

    assertFalse(drill.coldStandby());
    assertTrue(drill.returnsHome());
    assertEquals(Duration.ZERO, drill.quietFor());
    assertEquals(WorldShape.PLAIN, drill.shape());
    assertEquals(WorldVariant.USUAL, drill.variant());
    assertEquals(AlertExpectations.UNDECLARED, drill.alerts());
    assertEquals(List.of(Expectation.FAILS_OVER_AND_BACK_ONCE), drill.expectations());
    assertEquals(Duration.ofSeconds(30), drill.lastStep());
  }

  @Test
  void watchingInsteadOfWaitingForHome_andEveryOtherChoice_areKept() {
    WorldVariant variant = new WorldVariant("/world/seed-sample.yaml", null, true, false);
    Drill drill =
        Drill.named("d", "a drill")
            .coldStandby()
            .step(0, new Action.KillProber("prober-3"))
            .watchFor(Duration.ofSeconds(20))
            .world(WorldShape.PLAIN.withDeciders(2).withApiFaults())
            .variant(variant)
            .alerting(AlertExpectations.fires("HybridProberSilent", 20))
            .build();

    assertTrue(drill.coldStandby());
    assertFalse(drill.returnsHome());
    assertEquals(Duration.ofSeconds(20), drill.quietFor());
    assertEquals(2, drill.shape().deciders());
    assertTrue(drill.shape().apiFaults());
    assertEquals(variant, drill.variant());
    assertTrue(drill.alerts().declared());
  }

  @Test
  void toBuilderCopies_soThatAddingExpectationsLeavesTheOriginalAlone() {
    Drill declared =
        Drill.named("d", "a drill")
            .step(0, new SetDesktop(Behaviour.REFUSED))
            .expect(Expectation.NEVER_MOVES_ROUTING)
            .build();

    Drill more = declared.toBuilder().expect(Expectation.NO_LOST_COMMANDS).build();

    assertEquals(List.of(Expectation.NEVER_MOVES_ROUTING), declared.expectations());
    assertEquals(
        List.of(Expectation.NEVER_MOVES_ROUTING, Expectation.NO_LOST_COMMANDS),
        more.expectations());
    assertEquals(declared.steps(), more.steps());
    assertEquals(7, declared.withServices(7).shape().services());
  }

  @Test
  void aDrillWithoutStepsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Drill.named("d", "none").build());
  }
}
