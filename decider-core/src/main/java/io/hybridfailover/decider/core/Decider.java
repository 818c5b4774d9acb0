package io.hybridfailover.decider.core;

import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.RecordKeys;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Transition;
import io.hybridfailover.events.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The decision semantics of the failover-decider as a pure function: (state, input, now) to (state,
 * transitions, commands, state event). No clock (time is always {@code now}, passed in), no I/O, no
 * randomness, so the live service, tests with a fake clock and the replay tool decide alike, byte
 * for byte. Stateless and thread-safe: it only holds the settings.
 *
 * <p>Choices where the semantics are silent, each made to keep traffic on a healthy side:
 *
 * <ol>
 *   <li><b>Targets.</b> A prober's run is kept per service, cluster and prober; {@code http} and
 *       {@code tcp} observations of the same target feed the same run. {@code karmada-cluster}
 *       observations (service {@code *}) are ignored: they change nothing at all.
 *   <li><b>Staleness.</b> A vote is STALE when {@code now} is more than {@code stale-after} after
 *       the prober's last {@code observedAt}. A prober silent for more than {@code stale-after}
 *       (measured between its own observation times, so consumer lag never resets anyone) starts a
 *       new run on its next observation: an expired vote must be earned again.
 *   <li><b>Late and duplicate observations</b> ({@code observedAt} not after the newest seen from
 *       that prober for that target) are ignored entirely: no state change, no output, no timer.
 *   <li><b>More probers than expected.</b> If both UP and DOWN reach the quorum (only possible when
 *       more probers report than {@code expected-probers}), the verdict is UNKNOWN.
 *   <li><b>When rules are evaluated.</b> Every observation, override and tick re-evaluates the
 *       verdicts (votes going stale) and the mode's timers. Results never do: they are recorded
 *       ({@link ServiceState#lastResults}, the newest per actuator, for display) and only raise the
 *       epoch if a result carries a higher one, so that the next command is not refused as stale;
 *       they never move routing.
 *   <li><b>One command per input.</b> An input issues at most one command; a follow-up (e.g.
 *       PRIMARY after a zero drain) is issued by the next input or tick.
 *   <li><b>"Desktop UP for X"</b> means its verdict was UP without interruption: a spell of DOWN or
 *       UNKNOWN restarts the failback delay, the step interval and the drain. The step interval and
 *       the drain run from the later of the last step and the start of that UP spell; while the
 *       desktop is UNKNOWN, FAILING_BACK holds its step.
 *   <li><b>FAILING_OVER</b>: GKE becoming UP moves traffic to GKE, as the semantics say, even if
 *       the desktop is UP again but not yet for the damped delay: a desktop that just came back has
 *       not proved itself, and the damped failback brings traffic home once it has. Only a desktop
 *       UP for the whole damped delay (with GKE still not UP) returns to PRIMARY directly.
 *   <li><b>FAILED_OVER</b> holds while GKE is UNKNOWN (the failback needs GKE UP, the immediate
 *       failback needs it DOWN) or the desktop is not UP: absence of data moves nothing.
 *   <li><b>FAILING_BACK</b> with the desktop DOWN goes back to FAILED_OVER unless GKE is DOWN too
 *       (both DOWN: routing unchanged); a GKE that is merely UNKNOWN served before and still gets
 *       the traffic. With GKE DOWN and the desktop UP before the last step, it skips to the last
 *       step at once (traffic always leaves a DOWN side for an UP one immediately).
 *   <li><b>Failovers counted for damping</b>: PRIMARY to FAILING_OVER or FAILED_OVER, and
 *       FAILING_BACK to FAILED_OVER (a flap). FAILING_OVER to FAILED_OVER continues the same
 *       failover, and FORCE_GKE is not a failover. n counts starts strictly after {@code now -
 *       flap-window}, and is at least 1. It is counted whenever the delay is checked, so a failover
 *       that leaves the window while the desktop is UP shortens the wait.
 *   <li><b>Standby-timeout alert</b>: a transition on cluster {@code gke} whose {@code from} and
 *       {@code to} are both the current GKE verdict, reason exactly {@code standby-timeout}, sent
 *       once per FAILING_OVER episode when {@code standby-timeout} has passed since FAILING_OVER
 *       began and GKE is not UP; also while frozen (it is a transition, not a command).
 *   <li><b>Both sides DOWN</b>: a DOWN transition that leaves both clusters DOWN says so in its
 *       reason. In PRIMARY the desktop being DOWN still starts FAILING_OVER (routing unchanged,
 *       placement GKE), since that is how a cold standby comes up.
 *   <li><b>Overrides.</b> FREEZE keeps a force in place; UNFREEZE and RELEASE are the same: both
 *       end the freeze and the force and re-evaluate at once. FORCE_DESKTOP issues mode PRIMARY
 *       (desktop 100, placement PRIMARY), FORCE_GKE mode FAILED_OVER (gke 100, placement GKE),
 *       always with a new epoch even if nothing differs, and freeze. An override for {@code *} is
 *       applied to whatever service state it is given.
 *   <li><b>Commands.</b> {@code commandId} is the name-based UUID of {@code <service>#<epoch>};
 *       {@code causedBy} lists the input event (if any) and the observations that last changed each
 *       cluster's verdict (a forced command: only the override); {@code issuedAt} is {@code now}.
 *       In dry-run the modes advance as if the commands had been applied.
 *   <li><b>State events</b> are published when mode, epoch, routing, placement, frozen or a verdict
 *       changes; {@code since} is when the mode was entered (the first input about a service if it
 *       never changed).
 * </ol>
 */
public final class Decider {

  /** The reason of the standby-timeout alert transition, for alerting to match on. */
  public static final String STANDBY_TIMEOUT = "standby-timeout";

  private final DeciderSettingsSet settings;

  public Decider(DeciderSettingsSet settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public Decider(DeciderSettings settings) {
    this(DeciderSettingsSet.of(settings));
  }

  /**
   * One probe result. Only {@code http} and {@code tcp} checks count for verdicts.
   *
   * @throws IllegalArgumentException if the observation is about another service
   */
  public Decision onObservation(ServiceState state, Event<Observation> event, Instant now) {
    Observation observation = event.data();
    if (observation.check() == Check.KARMADA_CLUSTER) {
      return Decision.unchanged(state);
    }
    requireService(state, observation.service());
    DeciderSettings serviceSettings = settings.settingsFor(state.service());
    ClusterHealth health = state.health(observation.cluster());
    ProberTrack known = health.probers().get(observation.prober());
    Optional<ProberTrack> track =
        known == null
            ? Optional.of(
                ProberTrack.first(observation.outcome(), observation.observedAt(), serviceSettings))
            : known.after(observation.outcome(), observation.observedAt(), serviceSettings);
    if (track.isEmpty()) {
      return Decision.unchanged(state);
    }
    ServiceState observed =
        state.withHealth(
            observation.cluster(), health.withProber(observation.prober(), track.get()));
    return decide(
        serviceSettings, state, observed, now, new Input(event.id(), observation.cluster(), null));
  }

  /**
   * An operator override of this service (or of {@code *}, fanned out by the caller).
   *
   * @throws IllegalArgumentException if the override is about another service
   */
  public Decision onOverride(ServiceState state, Event<OperatorOverride> event, Instant now) {
    OperatorOverride override = event.data();
    if (!RecordKeys.ALL_SERVICES.equals(override.service())) {
      requireService(state, override.service());
    }
    OverrideAction action = override.action();
    boolean release = action == OverrideAction.UNFREEZE || action == OverrideAction.RELEASE;
    Cluster forcedTo =
        switch (action) {
          case FORCE_DESKTOP -> Cluster.DESKTOP;
          case FORCE_GKE -> Cluster.GKE;
          case FREEZE -> state.forced();
          case UNFREEZE, RELEASE -> null;
        };
    String by = " by " + override.requestedBy() + ": " + override.reason();
    Move forced =
        switch (action) {
          case FORCE_DESKTOP ->
              new Move(
                  Mode.PRIMARY, Routing.allDesktop(), Placement.PRIMARY, "forced to desktop" + by);
          case FORCE_GKE ->
              new Move(Mode.FAILED_OVER, Routing.allGke(), Placement.GKE, "forced to gke" + by);
          case FREEZE, UNFREEZE, RELEASE -> null;
        };
    return decide(
        settings.settingsFor(state.service()),
        state,
        state.withControl(!release, forcedTo),
        now,
        new Input(event.id(), null, forced));
  }

  /**
   * An actuator's result: recorded, never moves routing.
   *
   * @throws IllegalArgumentException if the result is about another service
   */
  public Decision onResult(ServiceState state, Event<ActuationResult> event, Instant now) {
    requireService(state, event.data().service());
    ServiceState next = withModeSince(state, now).withResult(event.data());
    return new Decision(
        next,
        List.of(),
        List.of(),
        next.publishedDiffers(state) ? Optional.of(next.toFailoverState()) : Optional.empty());
  }

  /** The passage of time: staleness, failback delay, steps, drain, standby timeout. */
  public Decision onTick(ServiceState state, Instant now) {
    return decide(
        settings.settingsFor(state.service()), state, state, now, new Input(null, null, null));
  }

  /**
   * What triggered an evaluation.
   *
   * @param eventId the input event's id; {@code null} for a tick
   * @param observed the cluster the input observation is about; {@code null} otherwise
   * @param forced the desired state an override forces; {@code null} otherwise
   */
  private record Input(String eventId, Cluster observed, Move forced) {}

  /** A command to issue: the desired state and why. */
  private record Move(Mode mode, Routing routing, Placement placement, String reason) {}

  private Decision decide(
      DeciderSettings serviceSettings,
      ServiceState before,
      ServiceState input,
      Instant now,
      Input trigger) {
    ServiceState state = withModeSince(input, now);
    List<Transition> transitions = new ArrayList<>();
    Map<Cluster, VoteTally> tallies = new EnumMap<>(Cluster.class);
    for (Cluster cluster : Cluster.values()) {
      VoteTally tally = VoteTally.of(state.health(cluster), now, serviceSettings);
      tallies.put(cluster, tally);
      if (tally.verdict() != state.verdict(cluster)) {
        String cause = cluster == trigger.observed() ? trigger.eventId() : null;
        state =
            state.withHealth(
                cluster, state.health(cluster).withVerdict(tally.verdict(), now, cause));
      }
    }
    for (Cluster cluster : Cluster.values()) {
      if (state.verdict(cluster) != input.verdict(cluster)) {
        transitions.add(
            new Transition(
                state.service(),
                cluster,
                input.verdict(cluster),
                state.verdict(cluster),
                tallies.get(cluster).votes(),
                transitionReason(state, cluster, tallies.get(cluster), serviceSettings),
                now));
      }
    }

    List<Command> commands = new ArrayList<>();
    Optional<Move> move =
        trigger.forced() != null
            ? Optional.of(trigger.forced())
            : state.frozen() ? Optional.empty() : automatic(state, tallies, serviceSettings, now);
    if (move.isPresent()) {
      Move desired = move.get();
      long epoch = state.epoch() + 1;
      FailbackPolicy policy = new FailbackPolicy(serviceSettings);
      List<Instant> failoverStarts =
          trigger.forced() == null && startsFailover(state.mode(), desired.mode())
              ? policy.recordFailover(state.failoverStarts(), now)
              : state.failoverStarts();
      commands.add(
          new Command(
              commandId(state.service(), epoch),
              state.service(),
              epoch,
              desired.mode(),
              desired.routing(),
              desired.placement(),
              desired.reason(),
              causedBy(state, trigger),
              serviceSettings.dryRun(),
              now));
      state =
          state.withCommand(
              desired.mode(), desired.routing(), desired.placement(), epoch, now, failoverStarts);
    }

    if (state.mode() == Mode.FAILING_OVER
        && !state.standbyAlertSent()
        && state.verdict(Cluster.GKE) != Verdict.UP
        && !now.isBefore(state.modeSince().plus(serviceSettings.standbyTimeout()))) {
      Verdict gke = state.verdict(Cluster.GKE);
      transitions.add(
          new Transition(
              state.service(),
              Cluster.GKE,
              gke,
              gke,
              tallies.get(Cluster.GKE).votes(),
              STANDBY_TIMEOUT,
              now));
      state = state.withStandbyAlertSent();
    }

    return new Decision(
        state,
        transitions,
        commands,
        state.publishedDiffers(before) ? Optional.of(state.toFailoverState()) : Optional.empty());
  }

  /** The mode rules of the decision semantics; empty if the service stays as it is. */
  private static Optional<Move> automatic(
      ServiceState state,
      Map<Cluster, VoteTally> tallies,
      DeciderSettings serviceSettings,
      Instant now) {
    FailbackPolicy policy = new FailbackPolicy(serviceSettings);
    Verdict desktop = state.verdict(Cluster.DESKTOP);
    Verdict gke = state.verdict(Cluster.GKE);
    Instant desktopUpSince = desktop == Verdict.UP ? state.desktop().since() : null;
    String verdicts =
        tallies.get(Cluster.DESKTOP).describe(Cluster.DESKTOP, serviceSettings)
            + ", "
            + tallies.get(Cluster.GKE).describe(Cluster.GKE, serviceSettings)
            + ": ";
    Duration delay = policy.dampedDelay(state.failoverStarts(), now);
    String damped =
        "desktop UP for the damped failback delay of "
            + Durations.format(delay)
            + " ("
            + policy.failoversInWindow(state.failoverStarts(), now)
            + " failover(s) within "
            + Durations.format(serviceSettings.flapWindow())
            + ")";
    switch (state.mode()) {
      case PRIMARY -> {
        if (desktop == Verdict.DOWN && gke == Verdict.UP) {
          return Optional.of(
              new Move(
                  Mode.FAILED_OVER,
                  Routing.allGke(),
                  Placement.GKE,
                  verdicts + "failing over, traffic to gke"));
        }
        if (desktop == Verdict.DOWN) {
          return Optional.of(
              new Move(
                  Mode.FAILING_OVER,
                  state.routing(),
                  Placement.GKE,
                  verdicts + "failing over, starting the gke copy; routing unchanged"));
        }
      }
      case FAILING_OVER -> {
        if (upFor(desktopUpSince, delay, now)) {
          return Optional.of(
              new Move(
                  Mode.PRIMARY,
                  Routing.allDesktop(),
                  Placement.PRIMARY,
                  verdicts + damped + ": restoring placement; traffic never left"));
        }
        if (gke == Verdict.UP) {
          return Optional.of(
              new Move(
                  Mode.FAILED_OVER,
                  Routing.allGke(),
                  Placement.GKE,
                  verdicts + "the gke copy is UP, traffic to gke"));
        }
      }
      case FAILED_OVER -> {
        if (gke == Verdict.DOWN && desktop == Verdict.UP) {
          return Optional.of(
              step(verdicts + "failing back at once, no delay and no steps", Routing.allDesktop()));
        }
        if (gke == Verdict.UP && upFor(desktopUpSince, delay, now)) {
          return Optional.of(
              step(
                  verdicts + damped + ": first failback step",
                  Routing.desktop(policy.firstStep())));
        }
      }
      case FAILING_BACK -> {
        int weight = state.routing().desktop();
        Instant upThisStep = later(desktopUpSince, state.stepSince());
        if (desktop == Verdict.DOWN && gke != Verdict.DOWN) {
          return Optional.of(
              new Move(
                  Mode.FAILED_OVER,
                  Routing.allGke(),
                  Placement.GKE,
                  verdicts + "desktop DOWN during failback, traffic back to gke (a flap)"));
        }
        if (weight < 100 && desktop == Verdict.UP && gke == Verdict.DOWN) {
          return Optional.of(
              step(
                  verdicts + "gke DOWN, skipping to the last failback step", Routing.allDesktop()));
        }
        if (weight < 100 && upFor(upThisStep, serviceSettings.failbackStepInterval(), now)) {
          return Optional.of(
              step(
                  verdicts
                      + "desktop UP for the failback step interval of "
                      + Durations.format(serviceSettings.failbackStepInterval())
                      + ": next failback step",
                  Routing.desktop(policy.nextStep(weight))));
        }
        if (weight == 100 && upFor(upThisStep, serviceSettings.drain(), now)) {
          return Optional.of(
              new Move(
                  Mode.PRIMARY,
                  Routing.allDesktop(),
                  Placement.PRIMARY,
                  verdicts
                      + "desktop UP through the drain of "
                      + Durations.format(serviceSettings.drain())
                      + ": restoring placement"));
        }
      }
    }
    return Optional.empty();
  }

  /** A failback step to {@code routing}, placement still GKE until the drain is over. */
  private static Move step(String reason, Routing routing) {
    return new Move(
        Mode.FAILING_BACK,
        routing,
        Placement.GKE,
        reason + " (desktop " + routing.desktop() + ", gke " + routing.gke() + ")");
  }

  /** Whether a command from {@code from} to {@code to} starts a failover (counted for damping). */
  private static boolean startsFailover(Mode from, Mode to) {
    boolean leavesDesktop = from == Mode.PRIMARY || from == Mode.FAILING_BACK;
    return leavesDesktop && (to == Mode.FAILING_OVER || to == Mode.FAILED_OVER);
  }

  private static boolean upFor(Instant upSince, Duration duration, Instant now) {
    return upSince != null && !now.isBefore(upSince.plus(duration));
  }

  /** The later of two instants; {@code null} if {@code upSince} is (the desktop is not UP). */
  private static Instant later(Instant upSince, Instant other) {
    return upSince == null || other == null || upSince.isAfter(other) ? upSince : other;
  }

  private static String transitionReason(
      ServiceState state, Cluster cluster, VoteTally tally, DeciderSettings serviceSettings) {
    Cluster other = cluster == Cluster.DESKTOP ? Cluster.GKE : Cluster.DESKTOP;
    boolean bothDown =
        state.verdict(cluster) == Verdict.DOWN && state.verdict(other) == Verdict.DOWN;
    return tally.reason(serviceSettings)
        + (bothDown
            ? "; " + other.wireName() + " is DOWN too: no side is better, routing unchanged"
            : "");
  }

  private static List<String> causedBy(ServiceState state, Input trigger) {
    Set<String> ids = new LinkedHashSet<>();
    if (trigger.eventId() != null) {
      ids.add(trigger.eventId());
    }
    if (trigger.forced() == null) {
      for (Cluster cluster : Cluster.values()) {
        String cause = state.health(cluster).causedBy();
        if (cause != null) {
          ids.add(cause);
        }
      }
    }
    return List.copyOf(ids);
  }

  /** Derived, never random: the replay tool must reproduce it byte for byte. */
  static String commandId(String service, long epoch) {
    return UUID.nameUUIDFromBytes((service + "#" + epoch).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  private static ServiceState withModeSince(ServiceState state, Instant now) {
    return state.modeSince() == null ? state.withModeSince(now) : state;
  }

  private static void requireService(ServiceState state, String service) {
    if (!state.service().equals(service)) {
      throw new IllegalArgumentException(
          "an event about " + service + " was given the state of " + state.service());
    }
  }
}
