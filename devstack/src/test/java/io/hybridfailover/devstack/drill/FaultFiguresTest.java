package io.hybridfailover.devstack.drill;

import static io.hybridfailover.devstack.drill.FiguresTest.at;
import static io.hybridfailover.devstack.drill.FiguresTest.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hybridfailover.devstack.drill.Action.ProcessKilled;
import io.hybridfailover.devstack.drill.Action.SetDesktop;
import io.hybridfailover.devstack.drill.Moment.DeadLetter;
import io.hybridfailover.devstack.drill.Moment.DrillStep;
import io.hybridfailover.devstack.drill.Moment.ObjectWrite;
import io.hybridfailover.devstack.drill.Moment.PoisonSent;
import io.hybridfailover.devstack.drill.Moment.ResultPublished;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Placement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultFiguresTest {

  static ResultPublished result(long millis, String actuator, long epoch, ActuationOutcome o) {
    return new ResultPublished(at(millis), actuator, epoch, o, null);
  }

  static List<Moment> bothApply(long epoch, long millis) {
    return List.of(
        result(millis, "traffic-switcher", epoch, ActuationOutcome.APPLIED),
        result(millis + 10, "karmada-actuator", epoch, ActuationOutcome.UNCHANGED));
  }

  @Test
  void aCommandAppliedOrUnchangedByBothActuatorsIsNotLost() {
    List<Moment> timeline = new ArrayList<>();
    timeline.add(command(800, 1, Mode.FAILED_OVER, 0, Placement.GKE));
    timeline.addAll(bothApply(1, 900));

    assertEquals(0, FaultFigures.of(timeline).lostCommands());
  }

  @Test
  void aCommandOneActuatorNeverAppliedIsLost() {
    List<Moment> timeline = new ArrayList<>();
    timeline.add(command(800, 1, Mode.FAILED_OVER, 0, Placement.GKE));
    timeline.add(result(900, "karmada-actuator", 1, ActuationOutcome.APPLIED));
    timeline.add(result(950, "traffic-switcher", 1, ActuationOutcome.FAILED));
    timeline.add(command(5_000, 2, Mode.PRIMARY, 100, Placement.PRIMARY));
    timeline.addAll(bothApply(2, 5_100));

    assertEquals(1, FaultFigures.of(timeline).lostCommands(), "FAILED is not applied");
  }

  @Test
  void aCommandAnsweredStaleAndThenSupersededByANewerAppliedOneIsNotLost() {
    List<Moment> timeline = new ArrayList<>();
    timeline.add(command(800, 1, Mode.FAILING_OVER, 100, Placement.GKE));
    timeline.add(command(800, 2, Mode.FAILED_OVER, 0, Placement.GKE));
    timeline.add(result(900, "karmada-actuator", 1, ActuationOutcome.APPLIED));
    timeline.add(result(950, "traffic-switcher", 1, ActuationOutcome.STALE));
    timeline.addAll(bothApply(2, 1_000));
    assertEquals(0, FaultFigures.of(timeline).lostCommands(), "epoch 2 superseded epoch 1");

    List<Moment> neverNewer = new ArrayList<>(timeline.subList(0, 4));
    assertEquals(2, FaultFigures.of(neverNewer).lostCommands(), "STALE with nothing newer applied");
  }

  @Test
  void aWriteWithAnEpochLowerThanAnEarlierWriteToTheSameObjectIsStale() {
    List<Moment> timeline =
        List.of(
            new ObjectWrite(at(1), "TrafficSplit shop/web", 1),
            new ObjectWrite(at(2), "PropagationPolicy shop/web", 1),
            new ObjectWrite(at(3), "TrafficSplit shop/web", 3),
            new ObjectWrite(at(4), "PropagationPolicy shop/web", 2),
            new ObjectWrite(at(5), "TrafficSplit shop/web", 2),
            new ObjectWrite(at(6), "TrafficSplit shop/web", 3),
            new ObjectWrite(at(7), "TrafficSplit shop/web", 1));

    assertEquals(2, FaultFigures.of(timeline).staleWrites(), "epochs 2 and 1 after 3");
  }

  @Test
  void deadLettersAreCountedPerTopicAndThoseNotPoisonedAreUnexpected() {
    List<Moment> timeline =
        List.of(
            new PoisonSent(at(1), "obs", "obs/p-1", "not JSON", true),
            new PoisonSent(at(1), "obs", "obs/p-2", "70 KiB", true),
            new PoisonSent(at(1), "obs", "obs/p-3", "duplicate", false),
            new DeadLetter(at(2), "obs.dlq", "obs/p-1"),
            new DeadLetter(at(2), "obs.dlq", "obs/p-3"),
            new DeadLetter(at(3), "commands.dlq", null));

    FaultFigures faults = FaultFigures.of(timeline);

    assertEquals(Map.of("obs.dlq", 2L, "commands.dlq", 1L), faults.deadLetters());
    assertEquals(1, faults.unexpectedDeadLetters());
    assertEquals(2, faults.poisonSent(), "only invalid records must be dead-lettered");
    assertEquals(1, faults.poisonNotDeadLettered(), "p-2 never arrived");
  }

  @Test
  void recoveryRunsFromTheCrashToTheNextCommandAppliedByBoth() {
    List<Moment> timeline = new ArrayList<>();
    timeline.add(new DrillStep(at(0), new SetDesktop(Behaviour.REFUSED)));
    timeline.add(new DrillStep(at(200), new ProcessKilled("failover-decider", "test")));
    timeline.add(command(11_000, 1, Mode.FAILED_OVER, 0, Placement.GKE));
    timeline.add(result(11_100, "karmada-actuator", 1, ActuationOutcome.APPLIED));
    timeline.add(result(11_300, "traffic-switcher", 1, ActuationOutcome.APPLIED));

    assertEquals(11_100L, FaultFigures.of(timeline).recoveryMs(), "the later of the two results");
  }

  @Test
  void aCommandOnlyPartlyAppliedBeforeTheCrashCountsFromTheCrash() {
    List<Moment> timeline = new ArrayList<>();
    timeline.add(command(800, 1, Mode.FAILED_OVER, 0, Placement.GKE));
    timeline.add(result(850, "karmada-actuator", 1, ActuationOutcome.APPLIED));
    timeline.add(new DrillStep(at(900), new ProcessKilled("traffic-switcher", "test")));
    timeline.add(result(6_900, "traffic-switcher", 1, ActuationOutcome.APPLIED));

    assertEquals(6_000L, FaultFigures.of(timeline).recoveryMs());
  }

  @Test
  void withoutACrashThereIsNoRecovery() {
    List<Moment> timeline = new ArrayList<>(FiguresTest.outage());
    assertNull(FaultFigures.of(timeline).recoveryMs());
  }

  @Test
  void eachServiceOfTheFleetCountsItsOwnEpochs() {
    List<Moment> timeline = new ArrayList<>();
    timeline.add(command(800, 1, Mode.FAILED_OVER, 0, Placement.GKE));
    timeline.addAll(bothApply(1, 900));
    // blog/svc-002's epoch 1 applied by one actuator only: lost, though shop/web's epoch 1 was
    // applied by both; media/svc-003's applied by both: not lost.
    timeline.add(
        new Moment.FleetCommand(
            at(800),
            "blog/svc-002",
            1,
            Mode.FAILED_OVER,
            io.hybridfailover.events.Routing.desktop(0),
            at(810)));
    timeline.add(
        new Moment.FleetResult(
            at(900), "blog/svc-002", "karmada-actuator", 1, ActuationOutcome.APPLIED, null));
    timeline.add(
        new Moment.FleetResult(
            at(950), "blog/svc-002", "traffic-switcher", 1, ActuationOutcome.FAILED, "500"));
    timeline.add(
        new Moment.FleetCommand(
            at(800),
            "media/svc-003",
            1,
            Mode.FAILED_OVER,
            io.hybridfailover.events.Routing.desktop(0),
            at(810)));
    for (String actuator : FaultFigures.ACTUATORS) {
      timeline.add(
          new Moment.FleetResult(
              at(900), "media/svc-003", actuator, 1, ActuationOutcome.APPLIED, null));
    }

    assertEquals(1, FaultFigures.of(timeline).lostCommands());
  }
}
