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

  /** A result from one replica of {@code traffic-switcher}. */
  static ResultPublished switcher(long millis, String replica, long epoch, ActuationOutcome o) {
    return new ResultPublished(at(millis), "traffic-switcher", epoch, o, null, null, replica);
  }

  /**
   * Two traffic-switchers: one killed before it wrote (it never answers epoch 1), the other applied
   * it; one answers epoch 2 FAILED, the other UNCHANGED. The traffic-switcher applied both.
   */
  @Test
  void withTwoReplicas_aCommandOneOfThemAppliedIsApplied() {
    List<Moment> timeline = new ArrayList<>();
    timeline.add(command(800, 1, Mode.FAILED_OVER, 0, Placement.GKE));
    timeline.add(switcher(900, "traffic-switcher-2", 1, ActuationOutcome.APPLIED));
    timeline.add(result(950, "karmada-actuator", 1, ActuationOutcome.APPLIED));
    timeline.add(command(5_000, 2, Mode.FAILING_BACK, 25, Placement.GKE));
    timeline.add(switcher(5_100, "traffic-switcher-1", 2, ActuationOutcome.FAILED));
    timeline.add(switcher(5_120, "traffic-switcher-2", 2, ActuationOutcome.UNCHANGED));
    timeline.add(result(5_150, "karmada-actuator", 2, ActuationOutcome.UNCHANGED));

    assertEquals(0, FaultFigures.of(timeline).lostCommands());
  }

  @Test
  void withTwoReplicas_aCommandNeitherApplied_isLostOnce() {
    List<Moment> timeline = new ArrayList<>();
    timeline.add(command(800, 1, Mode.FAILED_OVER, 0, Placement.GKE));
    timeline.add(switcher(900, "traffic-switcher-1", 1, ActuationOutcome.FAILED));
    timeline.add(switcher(910, "traffic-switcher-2", 1, ActuationOutcome.FAILED));
    timeline.add(result(950, "karmada-actuator", 1, ActuationOutcome.APPLIED));

    assertEquals(1, FaultFigures.of(timeline).lostCommands());
  }

  /**
   * One of two switchers killed as it is about to write the failover: the other applied it just
   * before the kill, the karmada-actuator confirmed it 400 ms after; the killed one answers after
   * its restart, 6 s later. Actuation stopped for 400 ms, not for the restart.
   */
  @Test
  void withTwoReplicas_recoveryIsUntilBothActuatorsApplied_notUntilTheKilledReplicaIsBack() {
    List<Moment> timeline = new ArrayList<>();
    timeline.add(new DrillStep(at(0), new SetDesktop(Behaviour.REFUSED)));
    timeline.add(command(800, 1, Mode.FAILED_OVER, 0, Placement.GKE));
    timeline.add(switcher(880, "traffic-switcher-2", 1, ActuationOutcome.APPLIED));
    timeline.add(new DrillStep(at(900), new ProcessKilled("traffic-switcher-1", "test")));
    timeline.add(result(1_300, "karmada-actuator", 1, ActuationOutcome.APPLIED));
    timeline.add(switcher(7_000, "traffic-switcher-1", 1, ActuationOutcome.UNCHANGED));

    FaultFigures faults = FaultFigures.of(timeline);

    assertEquals(400L, faults.recoveryMs());
    assertEquals(0, faults.lostCommands());
  }

  /** Stale writes are judged over every write, whichever replica made it. */
  @Test
  void withTwoReplicas_aLaggingReplicasOlderWriteIsStale() {
    List<Moment> timeline =
        List.of(
            new ObjectWrite(at(1), "HTTPRoute shop/web", 4),
            new ObjectWrite(at(2), "HTTPRoute shop/web", 5),
            new ObjectWrite(at(3), "HTTPRoute shop/web", 5),
            new ObjectWrite(at(4), "HTTPRoute shop/web", 4));

    assertEquals(1, FaultFigures.of(timeline).staleWrites(), "epoch 4 after 5; 5 twice is not");
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

  @Test
  void aLiveDeciderLeavingTheGroupIsALostSession_theKilledOneIsNot() {
    List<Moment> timeline = new ArrayList<>();
    timeline.add(new DrillStep(at(200), new ProcessKilled("failover-decider-2", "test")));
    timeline.add(new Moment.DeciderMembersLeft(at(3_000), "failover-decider-2", 3));
    assertEquals(0, FaultFigures.of(timeline).deciderSessionsLost(), "the killed one's members");

    timeline.add(new Moment.DeciderMembersLeft(at(9_000), "failover-decider", 1));
    assertEquals(1, FaultFigures.of(timeline).deciderSessionsLost(), "the survivor's own member");
  }

  @Test
  void theLongestDeciderGcPauseOfAllIsReported() {
    List<Moment> timeline =
        List.of(
            new Moment.GcPause(at(50_000), "failover-decider", 120),
            new Moment.GcPause(at(50_000), "failover-decider-2", 1_088));

    assertEquals(1_088L, FaultFigures.of(timeline).deciderLongestGcPauseMs());
    assertNull(FaultFigures.of(List.of()).deciderLongestGcPauseMs());
  }

  @Test
  void theWorldsCpuIsAveragedBetweenItsFirstAndLastUsageAndItsMemoryIsTheLast() {
    long mb = 1024 * 1024;
    List<Moment> timeline =
        List.of(
            new Moment.WorldUsage(at(0), 5_000_000_000L, 3_000 * mb),
            new Moment.WorldUsage(at(40_000), 65_000_000_000L, 3_500 * mb));

    FaultFigures faults = FaultFigures.of(timeline);
    assertEquals(1.5, faults.worldCpuCores(), "60 s of CPU over 40 s");
    assertEquals(3_500L, faults.worldResidentMb());
    assertNull(FaultFigures.of(timeline.subList(0, 1)).worldCpuCores(), "one reading is no rate");
  }
}
