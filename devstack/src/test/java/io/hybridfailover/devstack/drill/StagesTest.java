package io.hybridfailover.devstack.drill;

import static io.hybridfailover.devstack.drill.FiguresTest.T0;
import static io.hybridfailover.devstack.drill.FiguresTest.at;
import static io.hybridfailover.devstack.drill.FiguresTest.command;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.devstack.drill.Action.Operator;
import io.hybridfailover.devstack.drill.Action.SetDesktop;
import io.hybridfailover.devstack.drill.Figures.UserCounts;
import io.hybridfailover.devstack.drill.Moment.CommandIssued;
import io.hybridfailover.devstack.drill.Moment.DrillStep;
import io.hybridfailover.devstack.drill.Moment.ObjectWrite;
import io.hybridfailover.devstack.drill.Moment.ProbeObserved;
import io.hybridfailover.devstack.drill.Moment.ResultPublished;
import io.hybridfailover.devstack.drill.Moment.RoutingChange;
import io.hybridfailover.devstack.drill.Moment.UserAnswered;
import io.hybridfailover.devstack.drill.Moment.VerdictChange;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StagesTest {

  private static final int FALL = 3;

  /** A probe of the desktop started at {@code millis}, 2 ms long, sent at once, read 3 ms later. */
  private static ProbeObserved probe(String prober, long millis, Outcome outcome) {
    return new ProbeObserved(
        at(millis), prober, Cluster.DESKTOP, outcome, 2, at(millis + 3), at(millis + 6));
  }

  private static ResultPublished result(
      long millis, String actuator, long epoch, ActuationOutcome outcome, Long receivedMillis) {
    return new ResultPublished(
        at(millis),
        actuator,
        epoch,
        outcome,
        null,
        receivedMillis == null ? null : at(receivedMillis));
  }

  /** An outage's failover, every stage in it, with moments that must not count around them. */
  private static List<Moment> failover() {
    List<Moment> timeline = new ArrayList<>();
    // Before the fault: UP, read before it too.
    timeline.add(probe("prober-1", -240, Outcome.UP));
    timeline.add(new DrillStep(at(2), new SetDesktop(Behaviour.REFUSED)));
    // prober-1: three failures in a row.
    timeline.add(probe("prober-1", 10, Outcome.DOWN));
    timeline.add(probe("prober-1", 260, Outcome.DOWN));
    timeline.add(probe("prober-1", 510, Outcome.DOWN));
    timeline.add(probe("prober-1", 760, Outcome.DOWN));
    // prober-2: a success breaks its first run; the run that reaches three ends at 620.
    timeline.add(probe("prober-2", 20, Outcome.DOWN));
    timeline.add(probe("prober-2", 120, Outcome.UP));
    timeline.add(probe("prober-2", 370, Outcome.DOWN));
    timeline.add(probe("prober-2", 495, Outcome.DOWN));
    timeline.add(probe("prober-2", 620, Outcome.DOWN));
    // prober-3: only two failures seen.
    timeline.add(probe("prober-3", 100, Outcome.DOWN));
    timeline.add(probe("prober-3", 350, Outcome.DOWN));
    // GKE is probed too: not a stage of the failover.
    timeline.add(
        new ProbeObserved(at(30), "prober-1", Cluster.GKE, Outcome.DOWN, 1, at(31), at(32)));
    timeline.add(new VerdictChange(at(530), Cluster.DESKTOP, Verdict.UP, Verdict.DOWN, "2 of 3"));
    timeline.add(
        new CommandIssued(
            at(531), 7, Mode.FAILED_OVER, Routing.allGke(), Placement.GKE, "test", at(560)));
    timeline.add(result(400, "traffic-switcher", 6, ActuationOutcome.APPLIED, 390L));
    timeline.add(result(640, "karmada-actuator", 7, ActuationOutcome.APPLIED, 571L));
    timeline.add(result(600, "traffic-switcher", 7, ActuationOutcome.APPLIED, 566L));
    timeline.add(result(700, "traffic-switcher", 7, ActuationOutcome.UNCHANGED, 690L));
    // The placement written first: the route still comes first in the stages.
    timeline.add(new ObjectWrite(at(590), "PropagationPolicy shop/web", 7));
    timeline.add(new ObjectWrite(at(603), "HTTPRoute shop/web", 7));
    timeline.add(new RoutingChange(at(603), 0, 100));
    timeline.add(new ObjectWrite(at(612), "PropagationPolicy shop/web", 8));
    timeline.add(new UserAnswered(at(625), Cluster.GKE, 0));
    timeline.add(new DrillStep(at(30_000), new SetDesktop(Behaviour.UP)));
    timeline.add(command(41_000, 8, Mode.FAILING_BACK, 25, Placement.GKE));
    timeline.add(new UserAnswered(at(41_200), Cluster.GKE, 25));
    return timeline;
  }

  @Test
  void eachStageOfTheFailoverFromTheFirstFault_inPipelineOrder() {
    Map<String, Long> stages = Stages.of(failover(), T0, FALL);

    // From the fault (the step at +2 ms), not from the drill's start.
    assertEquals(
        List.of(
            Map.entry("firstDown.prober-1", 8L),
            Map.entry("firstDown.prober-2", 18L),
            Map.entry("firstDown.prober-3", 98L),
            Map.entry("fallDown.prober-1", 510L),
            Map.entry("fallDown.prober-2", 620L),
            Map.entry("appended.prober-1", 511L),
            Map.entry("appended.prober-2", 621L),
            Map.entry("onBroker.prober-1", 514L),
            Map.entry("onBroker.prober-2", 624L),
            Map.entry("verdict", 528L),
            Map.entry("decision", 529L),
            Map.entry("committed", 558L),
            Map.entry("received.traffic-switcher", 564L),
            Map.entry("received.karmada-actuator", 569L),
            Map.entry("written.traffic-switcher", 598L),
            Map.entry("written.karmada-actuator", 638L),
            Map.entry("inApi.HTTPRoute", 601L),
            Map.entry("inApi.PropagationPolicy", 588L),
            Map.entry("userOnGke", 623L)),
        List.copyOf(stages.entrySet()));
  }

  /**
   * Two traffic-switchers answer the failover: the one that completes first (it wrote) took the
   * command later than the other (which got a 409, read again and found the route as asked). The
   * traffic-switcher took the command when its first replica did; it applied it when its first
   * replica did; the killed replica's late answer after its restart moves neither.
   */
  @Test
  void withSeveralReplicasOfAnActuator_eachStageIsItsFirstReplicas() {
    List<Moment> timeline = new ArrayList<>(failover());
    timeline.removeIf(
        m -> m instanceof ResultPublished r && r.actuator().equals("traffic-switcher"));
    timeline.add(replica(598, "traffic-switcher-2", 7, ActuationOutcome.APPLIED, 580));
    timeline.add(replica(640, "traffic-switcher-1", 7, ActuationOutcome.UNCHANGED, 566));
    timeline.add(replica(4_000, "traffic-switcher-3", 7, ActuationOutcome.UNCHANGED, 3_500));

    Map<String, Long> stages = Stages.of(timeline, T0, FALL);

    assertEquals(564L, stages.get("received.traffic-switcher"), "traffic-switcher-1 took it first");
    assertEquals(596L, stages.get("written.traffic-switcher"), "traffic-switcher-2 applied it");
    assertEquals(569L, stages.get("received.karmada-actuator"));
  }

  private static ResultPublished replica(
      long millis, String replica, long epoch, ActuationOutcome outcome, long receivedMillis) {
    return new ResultPublished(
        at(millis), "traffic-switcher", epoch, outcome, null, at(receivedMillis), replica);
  }

  @Test
  void aStageTheTimelineDoesNotHave_isLeftOut() {
    List<Moment> timeline = new ArrayList<>(failover());
    // An older actuator: its results do not say when it took the command.
    timeline.replaceAll(
        m ->
            m instanceof ResultPublished r && r.actuator().equals("karmada-actuator")
                ? result(640, "karmada-actuator", 7, ActuationOutcome.APPLIED, null)
                : m);
    timeline.removeIf(UserAnswered.class::isInstance);

    Map<String, Long> stages = Stages.of(timeline, T0, FALL);

    assertTrue(stages.containsKey("received.traffic-switcher"));
    assertTrue(!stages.containsKey("received.karmada-actuator"), stages.toString());
    assertEquals(638L, stages.get("written.karmada-actuator"));
    assertTrue(!stages.containsKey("userOnGke"), stages.toString());
  }

  @Test
  void aDrillWithoutAFailover_hasNoStages() {
    List<Moment> timeline =
        List.of(
            new DrillStep(at(0), new Action.SetProberPath("prober-1", Behaviour.REFUSED)),
            probe("prober-1", 10, Outcome.DOWN),
            probe("prober-1", 260, Outcome.DOWN),
            probe("prober-1", 510, Outcome.DOWN));

    assertNull(Stages.of(timeline, T0, FALL));
    assertEquals(List.of(), Stages.lines(null));
    assertNull(
        Figures.of(
                Drills.byName("split-view").orElseThrow(),
                timeline,
                T0,
                new UserCounts(100, 0),
                FiguresTest.SETTINGS)
            .stagesMs());
  }

  /**
   * The operator drill freezes first: its first fault is the step that sets the desktop refused.
   * With a cold standby the first command only widens the placement: the decision is the command
   * that routes users to GKE.
   */
  @Test
  void theFirstFaultIsTheDesktopsAndTheDecisionTheCommandThatRoutesToGke() {
    List<Moment> timeline =
        List.of(
            new DrillStep(at(0), new Operator(OverrideAction.FREEZE, "hold")),
            new DrillStep(at(40), new SetDesktop(Behaviour.REFUSED)),
            command(600, 3, Mode.FAILING_OVER, 100, Placement.GKE),
            command(9_040, 4, Mode.FAILED_OVER, 0, Placement.GKE));

    Map<String, Long> stages = Stages.of(timeline, T0, FALL);

    assertEquals(9_000L, stages.get("decision"));
    assertTrue(!stages.containsKey("committed"), "the reader's time is unknown here");
  }

  /**
   * A prober whose clock is 30 s ahead: its probes count in the order they were read after the
   * fault, and their times are its clock's (the stage says so, it is not corrected).
   */
  @Test
  void aSkewedProbersProbesCountInTheOrderRead_onItsOwnClock() {
    List<Moment> timeline = new ArrayList<>(failover());
    for (long read : List.of(16L, 266L, 516L)) {
      timeline.add(
          new ProbeObserved(
              at(read + 30_000),
              "prober-4",
              Cluster.DESKTOP,
              Outcome.DOWN,
              2,
              at(read + 30_001),
              at(read)));
    }

    Map<String, Long> stages = Stages.of(timeline, T0, FALL);

    assertEquals(30_014L, stages.get("firstDown.prober-4"));
    assertEquals(30_516L, stages.get("fallDown.prober-4"));
    assertEquals(514L, stages.get("onBroker.prober-4"));
  }

  @Test
  void onScreen_oneLinePerStage_eachProberAndActuatorOnIt() {
    List<String> lines = Stages.lines(Stages.of(failover(), T0, FALL));

    assertEquals(12, lines.size(), String.join("\n", lines));
    assertTrue(lines.get(0).startsWith("Where the time went"), lines.get(0));
    assertTrue(
        lines.get(1).endsWith("prober-1 8, prober-2 18, prober-3 98")
            && lines.get(1).contains("first failed probe"),
        lines.get(1));
    assertTrue(lines.get(8).endsWith("traffic-switcher 564, karmada-actuator 569"), lines.get(8));
    assertTrue(lines.get(11).endsWith("623") && lines.get(11).contains("GKE"), lines.get(11));
  }

  @Test
  void theFiguresAndTheSummaryCarryTheStages() {
    Drill outage = Drills.byName("outage").orElseThrow();
    Figures figures =
        Figures.of(outage, failover(), T0, new UserCounts(2_500, 60), FiguresTest.SETTINGS);

    assertEquals(Stages.of(failover(), T0, FALL), figures.stagesMs());
    @SuppressWarnings("unchecked")
    Map<String, Object> line =
        ((List<Map<String, Object>>)
                Summary.json(List.of(new Summary.Line("outage", figures, List.of(), 60_000)))
                    .get("drills"))
            .get(0);
    assertEquals(figures.stagesMs(), line.get("stagesMs"));
  }
}
