package io.hybridfailover.decider.core;

import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Transition;
import io.hybridfailover.events.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The mode rules of the decider: from the verdicts at one instant, the move a service's mode makes,
 * if any, and the standby-timeout alert. Pure: the {@link Decider} evaluates them once per input
 * (unless an override holds the service) and turns a move into a command.
 *
 * <p>The rules, each with its anchor in {@code docs/decision-rules.md#modes-and-commands}: {@code
 * #rule-primary}, {@code #rule-failing-over}, {@code #rule-failed-over}, {@code
 * #rule-failing-back}, {@code #rule-both-down}, {@code #rule-unknown}, {@code #rule-up-for}, {@code
 * #rule-damping} ({@link FailbackPolicy}) and {@code #rule-standby-timeout}; a forced move is
 * {@code docs/decision-rules.md#rule-force}.
 */
final class ModeRules {

  private ModeRules() {}

  /** A command to issue: the desired state and why. */
  record Move(Mode mode, Routing routing, Placement placement, String reason) {}

  /** The desired state a force to {@code side} pins ({@code #rule-force}). */
  static Move forced(Cluster side, String reason) {
    return side == Cluster.GKE
        ? new Move(Mode.FAILED_OVER, Routing.allGke(), Placement.GKE, reason)
        : new Move(Mode.PRIMARY, Routing.allDesktop(), Placement.PRIMARY, reason);
  }

  /** The mode rules of the decision semantics; empty if the service stays as it is. */
  static Optional<Move> automatic(
      ServiceState state,
      Map<Cluster, VoteTally> tallies,
      DeciderSettings serviceSettings,
      Instant now) {
    View view = View.of(state, tallies, serviceSettings, now);
    return switch (state.mode()) {
      case PRIMARY -> primary(view);
      case FAILING_OVER -> failingOver(view);
      case FAILED_OVER -> failedOver(view);
      case FAILING_BACK -> failingBack(view);
    };
  }

  /**
   * Whether a command from {@code from} to {@code to} starts a failover (counted for damping,
   * {@code #rule-damping}).
   */
  static boolean startsFailover(Mode from, Mode to) {
    boolean leavesDesktop = from == Mode.PRIMARY || from == Mode.FAILING_BACK;
    return leavesDesktop && (to == Mode.FAILING_OVER || to == Mode.FAILED_OVER);
  }

  /**
   * FAILING_OVER for {@code standby-timeout} without gke UP: the alert, once per episode (also
   * while frozen: it is a transition, not a command).
   */
  static Optional<Transition> standbyTimeoutAlert(
      ServiceState state, Map<Cluster, VoteTally> tallies, Instant now, DeciderSettings settings) {
    Verdict gke = state.verdict(Cluster.GKE);
    if (state.mode() != Mode.FAILING_OVER
        || state.standbyAlertSent()
        || gke == Verdict.UP
        || now.isBefore(state.modeSince().plus(settings.standbyTimeout()))) {
      return Optional.empty();
    }
    return Optional.of(
        new Transition(
            state.service(),
            Cluster.GKE,
            gke,
            gke,
            tallies.get(Cluster.GKE).votes(),
            Decider.STANDBY_TIMEOUT,
            now));
  }

  /**
   * What the mode rules see at one instant: the verdicts, how long the desktop has been UP, the
   * damped failback delay, and whether the desktop's Karmada Cluster holds every move home.
   */
  private record View(
      ServiceState state,
      DeciderSettings settings,
      FailbackPolicy policy,
      Verdict desktop,
      Verdict gke,
      Instant desktopUpSince,
      Duration delay,
      boolean karmadaHolds,
      String verdicts,
      Instant now) {

    static View of(
        ServiceState state,
        Map<Cluster, VoteTally> tallies,
        DeciderSettings settings,
        Instant now) {
      FailbackPolicy policy = new FailbackPolicy(settings);
      Verdict desktop = state.verdict(Cluster.DESKTOP);
      return new View(
          state,
          settings,
          policy,
          desktop,
          state.verdict(Cluster.GKE),
          desktop == Verdict.UP ? state.desktop().since() : null,
          policy.dampedDelay(state.failoverStarts(), now),
          !state.desktop().karmadaNotReady().isEmpty(),
          Reasons.verdicts(tallies, settings),
          now);
    }

    /** The desktop was UP for the damped failback delay, and Karmada does not hold it back. */
    boolean desktopUpForDampedDelay() {
      return !karmadaHolds && upFor(desktopUpSince, delay, now);
    }

    String damped() {
      return Reasons.damped(delay, policy.failoversInWindow(state.failoverStarts(), now), settings);
    }
  }

  /** PRIMARY: a DOWN desktop fails over, to an UP gke at once, else by starting the gke copy. */
  private static Optional<Move> primary(View v) {
    if (v.desktop() == Verdict.DOWN && v.gke() == Verdict.UP) {
      return Optional.of(
          new Move(
              Mode.FAILED_OVER,
              Routing.allGke(),
              Placement.GKE,
              v.verdicts() + "failing over, traffic to gke"));
    }
    if (v.desktop() == Verdict.DOWN) {
      return Optional.of(
          new Move(
              Mode.FAILING_OVER,
              v.state().routing(),
              Placement.GKE,
              v.verdicts() + "failing over, starting the gke copy; routing unchanged"));
    }
    return Optional.empty();
  }

  /**
   * FAILING_OVER: back to PRIMARY once the desktop was UP for the damped delay (traffic never
   * left); traffic to an UP gke copy only while the desktop is not UP (v1.1 clarification 1).
   */
  private static Optional<Move> failingOver(View v) {
    if (v.desktopUpForDampedDelay()) {
      return Optional.of(
          new Move(
              Mode.PRIMARY,
              Routing.allDesktop(),
              Placement.PRIMARY,
              v.verdicts() + v.damped() + ": restoring placement; traffic never left"));
    }
    if (v.gke() == Verdict.UP && v.desktop() != Verdict.UP) {
      return Optional.of(
          new Move(
              Mode.FAILED_OVER,
              Routing.allGke(),
              Placement.GKE,
              v.verdicts() + "the gke copy is UP, traffic to gke"));
    }
    return Optional.empty();
  }

  /**
   * FAILED_OVER: at once back to an UP desktop when gke is DOWN; otherwise the first failback step
   * once the desktop was UP for the damped delay, gke UP.
   */
  private static Optional<Move> failedOver(View v) {
    if (v.gke() == Verdict.DOWN && v.desktop() == Verdict.UP) {
      return Optional.of(
          step(v.verdicts() + "failing back at once, no delay and no steps", Routing.allDesktop()));
    }
    if (v.gke() == Verdict.UP && v.desktopUpForDampedDelay()) {
      return Optional.of(
          step(
              v.verdicts() + v.damped() + ": first failback step",
              Routing.desktop(v.policy().firstStep())));
    }
    return Optional.empty();
  }

  /**
   * FAILING_BACK: a DOWN desktop sends traffic back to gke (a flap); a DOWN gke skips to the last
   * step; otherwise, unless Karmada holds the desktop back, the next step after each step interval
   * and PRIMARY after the drain.
   */
  private static Optional<Move> failingBack(View v) {
    if (v.desktop() == Verdict.DOWN && v.gke() != Verdict.DOWN) {
      return Optional.of(
          new Move(
              Mode.FAILED_OVER,
              Routing.allGke(),
              Placement.GKE,
              v.verdicts() + "desktop DOWN during failback, traffic back to gke (a flap)"));
    }
    boolean lastStep = v.state().routing().desktop() == 100;
    if (!lastStep && v.desktop() == Verdict.UP && v.gke() == Verdict.DOWN) {
      return Optional.of(
          step(
              v.verdicts() + "gke DOWN, skipping to the last failback step", Routing.allDesktop()));
    }
    if (v.karmadaHolds()) {
      return Optional.empty();
    }
    return lastStep ? afterDrain(v) : nextStep(v);
  }

  /** FAILING_BACK, before the last step: the next step once the desktop was UP a step interval. */
  private static Optional<Move> nextStep(View v) {
    Duration interval = v.settings().failbackStepInterval();
    if (!upFor(upThisStep(v), interval, v.now())) {
      return Optional.empty();
    }
    return Optional.of(
        step(
            v.verdicts()
                + "desktop UP for the failback step interval of "
                + Durations.format(interval)
                + ": next failback step",
            Routing.desktop(v.policy().nextStep(v.state().routing().desktop()))));
  }

  /** FAILING_BACK at the last step (desktop 100): PRIMARY once the desktop was UP for the drain. */
  private static Optional<Move> afterDrain(View v) {
    Duration drain = v.settings().drain();
    if (!upFor(upThisStep(v), drain, v.now())) {
      return Optional.empty();
    }
    return Optional.of(
        new Move(
            Mode.PRIMARY,
            Routing.allDesktop(),
            Placement.PRIMARY,
            v.verdicts()
                + "desktop UP through the drain of "
                + Durations.format(drain)
                + ": restoring placement"));
  }

  /** Since when the desktop has been UP within the current step (null if it is not UP). */
  private static Instant upThisStep(View v) {
    return later(v.desktopUpSince(), v.state().stepSince());
  }

  /** A failback step to {@code routing}, placement still GKE until the drain is over. */
  private static Move step(String reason, Routing routing) {
    return new Move(
        Mode.FAILING_BACK,
        routing,
        Placement.GKE,
        reason + " (desktop " + routing.desktop() + ", gke " + routing.gke() + ")");
  }

  /**
   * Whether the desktop, UP since {@code upSince}, has been UP for {@code duration} ({@code
   * #rule-up-for}).
   */
  private static boolean upFor(Instant upSince, Duration duration, Instant now) {
    return upSince != null && !now.isBefore(upSince.plus(duration));
  }

  /** The later of two instants; {@code null} if {@code upSince} is (the desktop is not UP). */
  private static Instant later(Instant upSince, Instant other) {
    return upSince == null || other == null || upSince.isAfter(other) ? upSince : other;
  }
}
