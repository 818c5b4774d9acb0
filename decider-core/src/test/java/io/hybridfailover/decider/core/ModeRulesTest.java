package io.hybridfailover.decider.core;

import static io.hybridfailover.events.Cluster.DESKTOP;
import static io.hybridfailover.events.Cluster.GKE;
import static io.hybridfailover.events.Outcome.DOWN;
import static io.hybridfailover.events.Outcome.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.Command;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Transition;
import io.hybridfailover.events.Verdict;
import io.hybridfailover.events.Vote;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The mode rules, one test each ({@code docs/decision-rules.md#modes-and-commands}): {@code
 * #rule-primary}, {@code #rule-failing-over}, {@code #rule-standby-timeout}, {@code
 * #rule-failed-over}, {@code #rule-failing-back}, {@code #rule-both-down}, {@code #rule-unknown},
 * {@code #rule-damping}. Three probers, quorum 2, production timings: failback delay 2m, steps
 * 25,50,100 every 15s, drain 60s, standby 180s.
 */
class ModeRulesTest {

  private static final Duration HOUR = Duration.ofHours(1);

  @Test
  void primary_desktopDownAndGkeUp_failsOverAtOnce() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, UP);
    assertEquals(List.of(), s.commands);

    s.rounds(3, DOWN, UP);

    assertEquals(1, s.commands.size());
    Command failover = s.lastCommand();
    assertEquals(Mode.FAILED_OVER, failover.mode());
    assertEquals(Routing.allGke(), failover.routing());
    assertEquals(Placement.GKE, failover.placement());
    assertEquals(1, failover.epoch());
    assertEquals(
        "desktop DOWN (quorum 2/3), gke UP (quorum 3/3): failing over, traffic to gke",
        failover.reason());
  }

  @Test
  void primary_desktopDownAndGkeNotUp_failingOverKeepsRoutingAndPlacesOnGke() {
    Scenario coldStandby = Scenario.threeProbers();
    coldStandby.rounds(3, UP, DOWN);
    coldStandby.rounds(3, DOWN, DOWN);
    Scenario gkeUnknown = Scenario.threeProbers();
    gkeUnknown.rounds(3, UP, null);
    gkeUnknown.rounds(3, DOWN, null);

    for (Scenario s : List.of(coldStandby, gkeUnknown)) {
      assertEquals(1, s.commands.size());
      Command failingOver = s.lastCommand();
      assertEquals(Mode.FAILING_OVER, failingOver.mode());
      assertEquals(Routing.allDesktop(), failingOver.routing());
      assertEquals(Placement.GKE, failingOver.placement());
    }
  }

  @Test
  void failingOver_gkeBecomesUp_failedOver() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, DOWN);
    s.rounds(3, DOWN, DOWN);
    assertEquals(Mode.FAILING_OVER, s.mode());

    s.rounds(3, DOWN, UP);

    Command failedOver = s.lastCommand();
    assertEquals(Mode.FAILED_OVER, failedOver.mode());
    assertEquals(Routing.allGke(), failedOver.routing());
    assertEquals(Placement.GKE, failedOver.placement());
    assertEquals(2, failedOver.epoch());
  }

  @Test
  void failingOver_desktopUpAgainForTheDampedDelay_backToPrimaryTrafficNeverLeft() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, DOWN);
    s.rounds(3, DOWN, DOWN);
    s.rounds(3, UP, DOWN);
    Instant desktopUp = s.state.desktop().since();

    Command primary = s.roundsUntilCommand(HOUR, UP, DOWN);

    assertEquals(desktopUp.plus(Duration.ofSeconds(120)), primary.issuedAt());
    assertEquals(Mode.PRIMARY, primary.mode());
    assertEquals(Routing.allDesktop(), primary.routing());
    assertEquals(Placement.PRIMARY, primary.placement());
    assertTrue(
        primary.reason().contains("damped failback delay of 2m (1 failover(s) within 1h)"),
        primary.reason());
  }

  @Test
  void failingOver_standbyTimeout_alertsOnceAndKeepsWaiting() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, DOWN);
    s.rounds(3, DOWN, DOWN);
    Instant failingOver = s.lastCommand().issuedAt();

    s.roundsUntil(failingOver.plusSeconds(179), DOWN, DOWN);
    assertEquals(0, standbyAlerts(s).size());
    s.roundsFor(Duration.ofSeconds(300), DOWN, DOWN);

    List<Transition> alerts = standbyAlerts(s);
    assertEquals(1, alerts.size());
    Transition alert = alerts.get(0);
    assertEquals(failingOver.plus(Duration.ofSeconds(180)), alert.at());
    assertEquals(GKE, alert.cluster());
    assertEquals(Verdict.DOWN, alert.from());
    assertEquals(Verdict.DOWN, alert.to());
    assertEquals(
        Map.of("prober-a", Vote.DOWN, "prober-b", Vote.DOWN, "prober-c", Vote.DOWN), alert.votes());
    assertEquals(Mode.FAILING_OVER, s.mode());
    assertEquals(1, s.commands.size());

    // A new FAILING_OVER episode alerts again.
    s.rounds(3, UP, DOWN);
    s.roundsUntilCommand(HOUR, UP, DOWN);
    s.rounds(3, DOWN, DOWN);
    assertEquals(Mode.FAILING_OVER, s.mode());
    s.roundsFor(Duration.ofSeconds(181), DOWN, DOWN);
    assertEquals(2, standbyAlerts(s).size());
  }

  @Test
  void failingOver_gkeBecomesUpWhileTheDesktopIsBack_trafficStaysOnTheDesktop() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, DOWN);
    s.rounds(3, DOWN, DOWN);
    s.rounds(3, UP, DOWN); // the desktop is back before the gke copy is ready
    assertEquals(Mode.FAILING_OVER, s.mode());

    s.rounds(3, UP, UP);

    // v1.1 clarification 1 (changed from the first reading): traffic never leaves an UP desktop.
    assertEquals(1, s.commands.size());
    assertEquals(Mode.FAILING_OVER, s.mode());
    assertEquals(Routing.allDesktop(), s.state.routing());
  }

  @Test
  void failedOver_gkeDownAndDesktopUp_failsBackAtOnceToTheLastStep() {
    Scenario s = Scenario.threeProbers().failedOver();

    s.rounds(3, UP, DOWN);

    Command failback = s.lastCommand();
    assertEquals(s.state.gke().since(), failback.issuedAt(), "no delay");
    assertEquals(Mode.FAILING_BACK, failback.mode());
    assertEquals(Routing.allDesktop(), failback.routing());
    assertEquals(Placement.GKE, failback.placement());
  }

  @Test
  void failedOver_desktopUpForTheDampedDelayAndGkeUp_startsFailbackWithTheFirstStep() {
    Scenario s = Scenario.threeProbers().failedOver();
    s.rounds(3, UP, UP);
    Instant desktopUp = s.state.desktop().since();

    Command firstStep = s.roundsUntilCommand(HOUR, UP, UP);

    assertEquals(desktopUp.plus(Duration.ofSeconds(120)), firstStep.issuedAt());
    assertEquals(Mode.FAILING_BACK, firstStep.mode());
    assertEquals(new Routing(25, 75), firstStep.routing());
    assertEquals(Placement.GKE, firstStep.placement());
  }

  @Test
  void failingBack_nextStepEachStepIntervalWithTheDesktopStillUp() {
    Scenario s = failingBackAtFirstStep();
    Instant firstStep = s.lastCommand().issuedAt();

    Command second = s.roundsUntilCommand(HOUR, UP, UP);
    Command third = s.roundsUntilCommand(HOUR, UP, UP);

    assertEquals(firstStep.plusSeconds(15), second.issuedAt());
    assertEquals(new Routing(50, 50), second.routing());
    assertEquals(firstStep.plusSeconds(30), third.issuedAt());
    assertEquals(Routing.allDesktop(), third.routing());
    assertEquals(
        List.of(Mode.FAILING_BACK, Mode.FAILING_BACK), List.of(second.mode(), third.mode()));
    assertEquals(Placement.GKE, third.placement());
  }

  @Test
  void failingBack_desktopUnknown_holdsTheStepUntilItIsUpForAFullInterval() {
    Scenario s = failingBackAtFirstStep();
    s.rounds(3, null, UP); // desktop probers silent: its votes go stale
    s.roundsFor(Duration.ofSeconds(20), null, UP);
    assertEquals(Verdict.UNKNOWN, s.verdict(DESKTOP));
    assertEquals(new Routing(25, 75), s.state.routing());

    s.rounds(3, UP, UP);
    Instant upAgain = s.state.desktop().since();
    Command next = s.roundsUntilCommand(HOUR, UP, UP);

    assertEquals(upAgain.plusSeconds(15), next.issuedAt());
    assertEquals(new Routing(50, 50), next.routing());
  }

  @Test
  void failingBack_desktopDownAtAnyStep_failedOverAtOnceAndCountsAsAFlap() {
    Scenario s = failingBackAtFirstStep();

    s.rounds(3, DOWN, UP);

    Command back = s.lastCommand();
    assertEquals(s.state.desktop().since(), back.issuedAt());
    assertEquals(Mode.FAILED_OVER, back.mode());
    assertEquals(Routing.allGke(), back.routing());
    assertEquals(2, s.state.failoverStarts().size());

    s.rounds(3, UP, UP);
    Instant desktopUp = s.state.desktop().since();
    Command firstStep = s.roundsUntilCommand(HOUR, UP, UP);
    assertEquals(desktopUp.plus(Duration.ofSeconds(240)), firstStep.issuedAt(), "damped: n = 2");
  }

  @Test
  void failingBack_gkeDownWithTheDesktopUp_skipsToTheLastStepAtOnce() {
    Scenario s = failingBackAtFirstStep();

    s.rounds(3, UP, DOWN);

    Command lastStep = s.lastCommand();
    assertEquals(s.state.gke().since(), lastStep.issuedAt());
    assertEquals(Mode.FAILING_BACK, lastStep.mode());
    assertEquals(Routing.allDesktop(), lastStep.routing());
    assertEquals(Placement.GKE, lastStep.placement());
  }

  @Test
  void failingBack_lastStepReached_primaryAfterTheDrainWithTheDesktopStillUp() {
    Scenario s = failingBackAtFirstStep();
    s.roundsUntilCommand(HOUR, UP, UP);
    Instant lastStep = s.roundsUntilCommand(HOUR, UP, UP).issuedAt();
    assertEquals(Routing.allDesktop(), s.state.routing());

    Command primary = s.roundsUntilCommand(HOUR, UP, UP);

    assertEquals(lastStep.plusSeconds(60), primary.issuedAt());
    assertEquals(Mode.PRIMARY, primary.mode());
    assertEquals(Routing.allDesktop(), primary.routing());
    assertEquals(Placement.PRIMARY, primary.placement());
  }

  @Test
  void bothSidesDown_routingUnchangedAndTransitionsSaySo() {
    Scenario s = Scenario.threeProbers().failedOver();

    s.rounds(3, DOWN, DOWN);
    s.roundsFor(Duration.ofMinutes(10), DOWN, DOWN);

    Transition gkeDown = s.lastTransition();
    assertEquals(GKE, gkeDown.cluster());
    assertEquals(Verdict.DOWN, gkeDown.to());
    assertEquals(
        "2 of 3 probers saw 3 consecutive failures; desktop is DOWN too: no side is better,"
            + " routing unchanged",
        gkeDown.reason());
    assertEquals(1, s.commands.size());
    assertEquals(Routing.allGke(), s.state.routing());
  }

  @Test
  void bothSidesDown_duringFailback_routingUnchanged() {
    Scenario s = failingBackAtFirstStep();
    int commands = s.commands.size();
    s.roundsFor(Duration.ofSeconds(10), null, UP); // desktop UNKNOWN: nothing moves
    s.rounds(3, null, DOWN); // gke DOWN, desktop still UNKNOWN: nothing moves

    s.rounds(3, DOWN, DOWN);
    s.roundsFor(Duration.ofMinutes(10), DOWN, DOWN);

    assertEquals(commands, s.commands.size());
    assertEquals(new Routing(25, 75), s.state.routing());
  }

  @Test
  void unknown_absenceOfDataNeverStartsAFailover() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, UP);

    s.roundsFor(Duration.ofMinutes(10), null, UP); // the desktop's probers are cut off
    s.advance(Duration.ofHours(1)); // and then every prober

    assertEquals(Verdict.UNKNOWN, s.verdict(DESKTOP));
    assertEquals(Verdict.UNKNOWN, s.verdict(GKE));
    assertEquals(List.of(), s.commands);
    assertEquals(Mode.PRIMARY, s.mode());
  }

  @Test
  void damping_failbackDelayDoublesPerFailoverInTheFlapWindow() {
    Scenario s = Scenario.threeProbers();
    s.rounds(3, UP, UP);

    assertEquals(
        List.of(Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(8)),
        List.of(
            failbackDelayOfOneCycle(s), failbackDelayOfOneCycle(s), failbackDelayOfOneCycle(s)));
  }

  @Test
  void damping_cappedAtMaxFailbackDelay() {
    Scenario s = Scenario.threeProbers("max-failback-delay", "5m");
    s.rounds(3, UP, UP);

    assertEquals(
        List.of(Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(5)),
        List.of(
            failbackDelayOfOneCycle(s), failbackDelayOfOneCycle(s), failbackDelayOfOneCycle(s)));
  }

  @Test
  void damping_onlyFailoversWithinTheFlapWindowCount() {
    Scenario s = Scenario.threeProbers("flap-window", "10m");
    s.rounds(3, UP, UP);

    Duration first = failbackDelayOfOneCycle(s);
    Duration second = failbackDelayOfOneCycle(s); // the first failover was < 10m ago: n = 2
    s.roundsFor(Duration.ofMinutes(10), UP, UP); // both leave the window: n = 1 again
    Duration afterQuietSpell = failbackDelayOfOneCycle(s);

    assertEquals(
        List.of(Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(2)),
        List.of(first, second, afterQuietSpell));
  }

  /**
   * Fails over from PRIMARY and back; returns how long the desktop was UP before the first step.
   */
  private static Duration failbackDelayOfOneCycle(Scenario s) {
    assertEquals(Mode.PRIMARY, s.mode());
    s.rounds(3, DOWN, UP);
    assertEquals(Mode.FAILED_OVER, s.mode());
    s.rounds(3, UP, UP);
    Instant desktopUp = s.state.desktop().since();
    Command firstStep = s.roundsUntilCommand(HOUR, UP, UP);
    assertEquals(new Routing(25, 75), firstStep.routing());
    while (s.mode() != Mode.PRIMARY) {
      s.roundsUntilCommand(HOUR, UP, UP);
    }
    return Duration.between(desktopUp, firstStep.issuedAt());
  }

  private static Scenario failingBackAtFirstStep() {
    Scenario s = Scenario.threeProbers().failedOver();
    s.rounds(3, UP, UP);
    Command firstStep = s.roundsUntilCommand(HOUR, UP, UP);
    assertEquals(new Routing(25, 75), firstStep.routing());
    return s;
  }

  private static List<Transition> standbyAlerts(Scenario s) {
    return s.transitions.stream().filter(t -> t.reason().equals(Decider.STANDBY_TIMEOUT)).toList();
  }
}
