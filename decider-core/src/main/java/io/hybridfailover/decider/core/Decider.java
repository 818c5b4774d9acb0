package io.hybridfailover.decider.core;

import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.RecordKeys;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Transition;
import io.hybridfailover.events.Verdict;
import io.hybridfailover.events.Vote;
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
 * The decision rules of the failover-decider as a pure function: (state, input, now) to (state,
 * transitions, commands, state event). No clock (time is always {@code now}, passed in), no I/O, no
 * randomness, so the live service, tests with a fake clock and the replay tool decide alike, byte
 * for byte. Stateless and thread-safe: it only holds the settings.
 *
 * <p>Every rule it implements is written down, with an anchor each, in {@code
 * docs/decision-rules.md} at the repository's root; where a rule had to choose, it keeps traffic on
 * a healthy side:
 *
 * <ul>
 *   <li>verdicts: {@code #rule-votes}, {@code #rule-staleness}, {@code #rule-quorum}, {@code
 *       #rule-conflicting-quorums}, {@code #rule-transitions}, {@code #rule-late-observations},
 *       {@code #rule-checks}, {@code #rule-karmada-cluster} ({@link Fleet} fans the signal out),
 *       {@code #rule-clocks} ({@link ProberOffset}), {@code #rule-delayed};
 *   <li>modes: {@code #rule-evaluation}, {@code #rule-primary}, {@code #rule-failing-over}, {@code
 *       #rule-failed-over}, {@code #rule-failing-back}, {@code #rule-both-down}, {@code
 *       #rule-unknown}, {@code #rule-up-for}, {@code #rule-damping}, {@code #rule-standby-timeout},
 *       {@code #rule-one-command};
 *   <li>overrides: {@code #rule-override-once}, {@code #rule-freeze}, {@code #rule-force}, {@code
 *       #rule-release}, {@code #rule-override-expiry}, {@code #rule-practice};
 *   <li>epochs, results and commands: {@code #rule-epochs}, {@code #rule-results}, {@code
 *       #rule-unusable-input} ({@link UnusableInputException}, {@link #EPOCH_LIMIT}), {@code
 *       #rule-command-fields}, {@code #rule-dry-run}, {@code #rule-state-events}.
 * </ul>
 *
 * <p>The rule tests link to the same anchors: {@code VerdictRulesTest}, {@code ModeRulesTest},
 * {@code OverrideRulesTest}, {@code CommandRulesTest}, {@code ClarificationsTest}, {@code
 * LearnedClockOffsetTest}, {@code DeciderPropertiesTest}.
 */
public final class Decider {

  /** The reason of the standby-timeout alert transition, for alerting to match on. */
  public static final String STANDBY_TIMEOUT = "standby-timeout";

  /** How the reason of a transition about a prober's clock running ahead starts. */
  public static final String CLOCK_SKEW = "clock-skew";

  /** How the reason of a transition about a prober whose observations all arrive stale starts. */
  public static final String DELAYED = "delayed";

  /** How the reason of a transition about the Karmada Cluster Ready signal starts. */
  public static final String KARMADA_CLUSTER = "karmada-cluster";

  /**
   * No epoch at or above this (2^62) is adopted from a result: billions of commands must still fit
   * below {@link Long#MAX_VALUE}, so a hostile or corrupt result can never exhaust them.
   */
  public static final long EPOCH_LIMIT = 1L << 62;

  private final DeciderSettingsSet settings;

  public Decider(DeciderSettingsSet settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public Decider(DeciderSettings settings) {
    this(DeciderSettingsSet.of(settings));
  }

  /** The settings this decider applies to {@code service}. */
  DeciderSettings settingsFor(String service) {
    return settings.settingsFor(service);
  }

  /**
   * One probe result. Only the {@code http} check votes; a {@code karmada-cluster} observation
   * (service {@code *}) is applied to whatever service state it is given.
   *
   * @throws IllegalArgumentException if the observation is about another service
   */
  public Decision onObservation(ServiceState state, Event<Observation> event, Instant now) {
    Observation observation = event.data();
    if (observation.check() != Check.KARMADA_CLUSTER) {
      requireService(state, observation.service());
    }
    DeciderSettings serviceSettings = settings.settingsFor(state.service());
    String prober = observation.prober();
    Cluster cluster = observation.cluster();
    Duration maxClockSkew = serviceSettings.maxClockSkew();
    ProberOffset before = state.offset(prober);
    long sample = arrivalMinusObservedAt(observation.observedAt(), now);
    ProberOffset learnedNow = before.learn(sample, now, serviceSettings);
    // Reported when adopted after a jump at once, a step-by-step move at most once per stale-after.
    boolean adopted =
        learnedNow.reportDue(maxClockSkew)
            && (!before.agrees(learnedNow.offsetMillis(), maxClockSkew)
                || before.reportedAt() == null
                || !now.isBefore(before.reportedAt().plus(serviceSettings.staleAfter())));
    ProberOffset learned = adopted ? learnedNow.reported(now) : learnedNow;
    // A new offset: the prober is judged afresh by it, nothing reported of the old one stands.
    ServiceState learnedState =
        adopted
            ? state.withOffset(prober, learned).withClock(prober, ProberClock.NONE)
            : state.withOffset(prober, learned);
    List<Transition> alerts = new ArrayList<>();
    if (adopted) {
      alerts.add(offsetLearned(state, observation, before, learned, now, serviceSettings));
    }
    Instant seenAt = learned.corrected(observation.observedAt());
    Duration ahead = Duration.between(now, seenAt);
    if (ahead.compareTo(maxClockSkew) > 0) {
      return aheadOfClock(state, learnedState, observation, ahead, now, serviceSettings, alerts);
    }

    ClusterHealth health = state.health(cluster);
    Check check = observation.check();
    ProberTrack known = health.track(prober, check);
    Optional<ProberTrack> track =
        known == null
            ? Optional.of(
                ProberTrack.first(
                    observation.outcome(), observation.observedAt(), seenAt, serviceSettings))
            : known.after(observation.outcome(), observation.observedAt(), seenAt, serviceSettings);
    // A late or duplicate delivery that agrees with the learned offset teaches nothing new and
    // changes nothing (rule 4). One that does not may be the first sign of a clock that jumped
    // back: it is kept as a sample.
    boolean teachesNothing = track.isEmpty() && before.agrees(sample, maxClockSkew);
    ServiceState sampled = teachesNothing ? state : learnedState;
    if (teachesNothing) {
      alerts.clear();
    }
    ServiceState clocked =
        sampled.withClock(
            prober, arrived(sampled, observation, seenAt, now, serviceSettings, alerts));
    if (track.isEmpty()) {
      return clocked == state && alerts.isEmpty()
          ? Decision.unchanged(state)
          : alertOnly(state, withModeSince(clocked, now), alerts, serviceSettings);
    }
    ServiceState observed =
        clocked.withHealth(cluster, health.withTrack(prober, check, track.get()));
    if (check == Check.KARMADA_CLUSTER) {
      Map<String, Vote> notReadyBefore = health.karmadaNotReady();
      Map<String, Vote> notReady = observed.health(cluster).karmadaNotReady();
      if (notReadyBefore.isEmpty() != notReady.isEmpty()) {
        alerts.add(karmadaTransition(observed, cluster, notReady, now));
      }
    }
    Cluster voted = check == Check.HTTP ? cluster : null;
    return decide(
        serviceSettings, state, observed, now, new Input(event.id(), voted, null), alerts);
  }

  /**
   * A sample of the prober's clock offset: the observation's arrival (the decider's {@code now})
   * minus its {@code observedAt}, in milliseconds, saturated far beyond any offset ever adopted.
   */
  private static long arrivalMinusObservedAt(Instant observedAt, Instant now) {
    Duration between = Duration.between(observedAt, now);
    Duration bound = Duration.ofDays(365L * 100_000);
    if (between.compareTo(bound) > 0) {
      return bound.toMillis();
    }
    if (between.compareTo(bound.negated()) < 0) {
      return -bound.toMillis();
    }
    return between.toMillis();
  }

  /**
   * A prober's new clock offset was adopted: a {@code clock-skew} transition names the prober and
   * the offset, and says that its observations are used, corrected by it.
   */
  private static Transition offsetLearned(
      ServiceState state,
      Observation observation,
      ProberOffset before,
      ProberOffset learned,
      Instant now,
      DeciderSettings serviceSettings) {
    Duration offset = learned.offset();
    String direction =
        offset.isNegative()
            ? "runs " + Durations.format(offset.negated()) + " ahead of the decider's"
            : "is no longer ahead of the decider's";
    return alert(
        state,
        observation.cluster(),
        CLOCK_SKEW
            + ": "
            + observation.prober()
            + "'s clock "
            + direction
            + ", "
            + (before.candidateSince() == null
                ? "step by step"
                : "steadily for "
                    + Durations.format(Duration.between(before.candidateSince(), now)))
            + " (learned offset "
            + Durations.format(offset)
            + ", was "
            + Durations.format(Duration.ofMillis(before.reportedMillis()))
            + "): its observations are used, their observedAt corrected by the offset",
        now,
        serviceSettings);
  }

  /**
   * An observation further ahead than {@code max-clock-skew} (after the prober's learned offset) is
   * not used; the first one from a prober (again only after it was back within bounds) raises a
   * {@code clock-skew} alert (v1.1 clarification 2). It still teaches the decider the prober's
   * clock ({@code learned}): once steady, the offset is adopted and the prober counts again.
   */
  private Decision aheadOfClock(
      ServiceState state,
      ServiceState learned,
      Observation observation,
      Duration ahead,
      Instant now,
      DeciderSettings serviceSettings,
      List<Transition> alerts) {
    String prober = observation.prober();
    ProberClock clock = learned.clock(prober);
    if (clock.skewReported()) {
      return alertOnly(state, withModeSince(learned, now), alerts, serviceSettings);
    }
    ServiceState reported =
        withModeSince(learned, now).withClock(prober, clock.withSkewReported(true));
    ProberOffset offset = learned.offset(prober);
    String reason =
        CLOCK_SKEW
            + ": "
            + prober
            + "'s observation is "
            + Durations.format(ahead)
            + " ahead of the decider's clock"
            + (offset.offsetMillis() == 0
                ? ""
                : " after its learned offset of " + Durations.format(offset.offset()))
            + " (max-clock-skew "
            + Durations.format(serviceSettings.maxClockSkew())
            + "): its observations are not used until its clock is back within bounds";
    List<Transition> all = new ArrayList<>(alerts);
    all.add(alert(reported, observation.cluster(), reason, now, serviceSettings));
    return alertOnly(state, reported, all, serviceSettings);
  }

  /**
   * The prober's clock after a usable observation arrived: fresh, or older than {@code stale-after}
   * (by its {@code observedAt} corrected by the learned offset, {@code seenAt}). When all of a
   * prober's observations have arrived stale for longer than {@code stale-after}, one {@code
   * delayed} alert is added to {@code alerts} (v1.1 clarification 2).
   */
  private static ProberClock arrived(
      ServiceState state,
      Observation observation,
      Instant seenAt,
      Instant now,
      DeciderSettings serviceSettings,
      List<Transition> alerts) {
    String prober = observation.prober();
    ProberClock checked = state.clock(prober).withSkewReported(false);
    Duration age = Duration.between(seenAt, now);
    if (age.compareTo(serviceSettings.staleAfter()) <= 0) {
      return checked.arrivedFresh();
    }
    checked = checked.arrivedStale(now);
    if (checked.delayReported()
        || Duration.between(checked.arrivingStaleSince(), now)
                .compareTo(serviceSettings.staleAfter())
            <= 0) {
      return checked;
    }
    checked = checked.withDelayReported();
    alerts.add(
        alert(
            state,
            observation.cluster(),
            DELAYED
                + ": every observation of "
                + prober
                + " has arrived older than stale-after ("
                + Durations.format(serviceSettings.staleAfter())
                + ") since "
                + checked.arrivingStaleSince()
                + ", the latest "
                + Durations.format(age)
                + " old: its clock is behind or its deliveries are delayed; its votes count"
                + " for nothing",
            now,
            serviceSettings));
    return checked;
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
    if (state.overrideApplied(event.id())) {
      return Decision.unchanged(state);
    }
    DeciderSettings serviceSettings = settings.settingsFor(state.service());
    // v1.2: expiry, precedence and practice runs are OverrideRules'; a practice run is judged on
    // the verdicts at this instant.
    OverrideRules.Outcome applied =
        OverrideRules.apply(
            state.withOverrideApplied(event.id()),
            event.id(),
            override,
            now,
            VoteTally.of(state.desktop(), now, serviceSettings).verdict(),
            VoteTally.of(state.gke(), now, serviceSettings).verdict());
    List<Transition> notices = new ArrayList<>();
    for (OverrideRules.Notice notice : applied.notices()) {
      notices.add(alert(state, notice.cluster(), notice.reason(), now, serviceSettings));
    }
    Move forced =
        applied.moveTo() == null ? null : forcedMove(applied.moveTo(), applied.moveReason());
    return decide(
        serviceSettings, state, applied.state(), now, new Input(event.id(), null, forced), notices);
  }

  /** The desired state a force to {@code side} pins. */
  private static Move forcedMove(Cluster side, String reason) {
    return side == Cluster.GKE
        ? new Move(Mode.FAILED_OVER, Routing.allGke(), Placement.GKE, reason)
        : new Move(Mode.PRIMARY, Routing.allDesktop(), Placement.PRIMARY, reason);
  }

  /**
   * An actuator's result: recorded if it answers a command of this decider, never moves routing. A
   * {@code STALE} answer with the resource's epoch lifts the epoch above it, and re-issues the
   * current desired state at once if it refused the latest command (v1.1 clarification 3).
   *
   * @throws IllegalArgumentException if the result is about another service
   * @throws UnusableInputException if an epoch of the result is at or above {@link #EPOCH_LIMIT}
   */
  public Decision onResult(ServiceState state, Event<ActuationResult> event, Instant now) {
    ActuationResult result = event.data();
    requireService(state, result.service());
    requireUsableEpoch(result.epoch(), "epoch");
    if (result.resourceEpoch() != null) {
      requireUsableEpoch(result.resourceEpoch(), "resourceEpoch");
    }
    boolean ours =
        result.epoch() <= state.epoch()
            && result.commandId().equals(commandId(state.service(), result.epoch()));
    if (!ours) {
      return Decision.unchanged(state);
    }
    ServiceState next = withModeSince(state, now).withResult(result);
    List<Command> commands = new ArrayList<>();
    Long resourceEpoch = result.resourceEpoch();
    if (result.outcome() == ActuationOutcome.STALE
        && resourceEpoch != null
        && resourceEpoch >= state.epoch()) {
      if (result.epoch() == state.epoch()) {
        Command reissued = reissued(state, result, event.id(), now);
        commands.add(reissued);
        next = next.withEpoch(reissued.epoch());
      } else {
        next = next.withEpoch(resourceEpoch);
      }
    }
    return new Decision(
        next,
        List.of(),
        commands,
        next.publishedDiffers(state) ? Optional.of(next.toFailoverState()) : Optional.empty());
  }

  /**
   * The current desired state again, at the epoch above the one a {@code STALE} answer reported,
   * because it refused the latest command (v1.1 clarification 3).
   */
  private Command reissued(
      ServiceState state, ActuationResult result, String eventId, Instant now) {
    long epoch = result.resourceEpoch() + 1;
    return new Command(
        commandId(state.service(), epoch),
        state.service(),
        epoch,
        state.mode(),
        state.routing(),
        state.placement(),
        "re-issued above the resource's epoch "
            + result.resourceEpoch()
            + ": "
            + result.actuator()
            + " refused epoch "
            + result.epoch()
            + " as stale",
        List.of(eventId),
        settings.settingsFor(state.service()).dryRun(),
        now);
  }

  /** The passage of time: staleness, failback delay, steps, drain, standby timeout. */
  public Decision onTick(ServiceState state, Instant now) {
    return decide(
        settings.settingsFor(state.service()),
        state,
        state,
        now,
        new Input(null, null, null),
        List.of());
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

  /**
   * One evaluation: the verdicts at {@code now} (and their transitions), at most one command (the
   * forced one, or the mode rules' unless frozen), and the standby-timeout alert.
   */
  private Decision decide(
      DeciderSettings serviceSettings,
      ServiceState before,
      ServiceState input,
      Instant now,
      Input trigger,
      List<Transition> alerts) {
    Map<Cluster, VoteTally> tallies = new EnumMap<>(Cluster.class);
    for (Cluster cluster : Cluster.values()) {
      tallies.put(cluster, VoteTally.of(input.health(cluster), now, serviceSettings));
    }
    ServiceState verdicts = withVerdicts(withModeSince(input, now), tallies, now, trigger);
    List<Transition> transitions = new ArrayList<>(alerts);
    transitions.addAll(verdictTransitions(input, verdicts, tallies, now, serviceSettings));
    // v1.2: overrides whose expiry has come, and a practice run whose gke is not UP, end first.
    OverrideRules.Outcome held = OverrideRules.atTime(verdicts, now);
    ServiceState state = held.state();
    for (OverrideRules.Notice notice : held.notices()) {
      transitions.add(alert(state, notice.cluster(), notice.reason(), now, serviceSettings));
    }
    Input cause =
        held.moveTo() == null
            ? trigger
            : new Input(
                trigger.eventId(),
                trigger.observed(),
                forcedMove(held.moveTo(), held.moveReason()));

    List<Command> commands = new ArrayList<>();
    Optional<Move> move =
        cause.forced() != null
            ? Optional.of(cause.forced())
            : state.frozen() ? Optional.empty() : automatic(state, tallies, serviceSettings, now);
    if (move.isPresent()) {
      Command command = command(state, move.get(), cause, now, serviceSettings);
      commands.add(command);
      state = afterCommand(state, command, cause, now, serviceSettings);
    }

    Optional<Transition> standbyAlert = standbyTimeoutAlert(state, tallies, now, serviceSettings);
    if (standbyAlert.isPresent()) {
      transitions.add(standbyAlert.get());
      state = state.withStandbyAlertSent();
    }

    return new Decision(
        state,
        transitions,
        commands,
        state.publishedDiffers(before) ? Optional.of(state.toFailoverState()) : Optional.empty());
  }

  /** The state with each cluster's verdict as tallied; a change remembers the observation. */
  private static ServiceState withVerdicts(
      ServiceState state, Map<Cluster, VoteTally> tallies, Instant now, Input trigger) {
    for (Cluster cluster : Cluster.values()) {
      Verdict verdict = tallies.get(cluster).verdict();
      if (verdict != state.verdict(cluster)) {
        String cause = cluster == trigger.observed() ? trigger.eventId() : null;
        state = state.withHealth(cluster, state.health(cluster).withVerdict(verdict, now, cause));
      }
    }
    return state;
  }

  /** Every change of verdict from {@code input} to {@code state} is published (rule 3). */
  private static List<Transition> verdictTransitions(
      ServiceState input,
      ServiceState state,
      Map<Cluster, VoteTally> tallies,
      Instant now,
      DeciderSettings serviceSettings) {
    List<Transition> transitions = new ArrayList<>();
    for (Cluster cluster : Cluster.values()) {
      if (state.verdict(cluster) != input.verdict(cluster)) {
        transitions.add(
            new Transition(
                state.service(),
                cluster,
                input.verdict(cluster),
                state.verdict(cluster),
                tallies.get(cluster).votes(),
                transitionReason(state, cluster, tallies.get(cluster), now, serviceSettings),
                now));
      }
    }
    return transitions;
  }

  /** The command for {@code desired}: the next epoch, a derived id, and what caused it. */
  private static Command command(
      ServiceState state, Move desired, Input trigger, Instant now, DeciderSettings settings) {
    long epoch = state.epoch() + 1;
    return new Command(
        commandId(state.service(), epoch),
        state.service(),
        epoch,
        desired.mode(),
        desired.routing(),
        desired.placement(),
        desired.reason(),
        causedBy(state, trigger),
        settings.dryRun(),
        now);
  }

  /** The state after issuing {@code command}; a failover start is recorded for damping. */
  private static ServiceState afterCommand(
      ServiceState state, Command command, Input trigger, Instant now, DeciderSettings settings) {
    List<Instant> failoverStarts =
        trigger.forced() == null && startsFailover(state.mode(), command.mode())
            ? new FailbackPolicy(settings).recordFailover(state.failoverStarts(), now)
            : state.failoverStarts();
    return state.withCommand(
        command.mode(),
        command.routing(),
        command.placement(),
        command.epoch(),
        now,
        failoverStarts);
  }

  /**
   * FAILING_OVER for {@code standby-timeout} without gke UP: the alert, once per episode (also
   * while frozen: it is a transition, not a command).
   */
  private static Optional<Transition> standbyTimeoutAlert(
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
            STANDBY_TIMEOUT,
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
          tallies.get(Cluster.DESKTOP).describe(Cluster.DESKTOP, settings)
              + ", "
              + tallies.get(Cluster.GKE).describe(Cluster.GKE, settings)
              + ": ",
          now);
    }

    /** The desktop was UP for the damped failback delay, and Karmada does not hold it back. */
    boolean desktopUpForDampedDelay() {
      return !karmadaHolds && upFor(desktopUpSince, delay, now);
    }

    String damped() {
      return "desktop UP for the damped failback delay of "
          + Durations.format(delay)
          + " ("
          + policy.failoversInWindow(state.failoverStarts(), now)
          + " failover(s) within "
          + Durations.format(settings.flapWindow())
          + ")";
    }
  }

  /** The mode rules of the decision semantics; empty if the service stays as it is. */
  private static Optional<Move> automatic(
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
      ServiceState state,
      Cluster cluster,
      VoteTally tally,
      Instant now,
      DeciderSettings serviceSettings) {
    Cluster other = cluster == Cluster.DESKTOP ? Cluster.GKE : Cluster.DESKTOP;
    boolean bothDown =
        state.verdict(cluster) == Verdict.DOWN && state.verdict(other) == Verdict.DOWN;
    return tally.reason(serviceSettings)
        + (bothDown
            ? "; " + other.wireName() + " is DOWN too: no side is better, routing unchanged"
            : "")
        + otherChecks(state.health(cluster), now, serviceSettings);
  }

  /**
   * The {@code tcp} runs, shown on a verdict's transition though they never vote, e.g. {@code ; tcp
   * (not voting): prober-a DOWN, prober-b UP}; empty if no prober reports {@code tcp}.
   */
  private static String otherChecks(
      ClusterHealth health, Instant now, DeciderSettings serviceSettings) {
    String suffix = " " + Check.TCP.wireName();
    List<String> votes = new ArrayList<>();
    health
        .otherChecks()
        .forEach(
            (key, track) -> {
              if (key.endsWith(suffix)) {
                votes.add(
                    key.substring(0, key.length() - suffix.length())
                        + " "
                        + track.voteAt(now, serviceSettings.staleAfter()));
              }
            });
    return votes.isEmpty() ? "" : "; tcp (not voting): " + String.join(", ", votes);
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

  /** A transition that reports, not a verdict change: from and to are the current verdict. */
  private static Transition alert(
      ServiceState state,
      Cluster cluster,
      String reason,
      Instant now,
      DeciderSettings serviceSettings) {
    Verdict verdict = state.verdict(cluster);
    return new Transition(
        state.service(),
        cluster,
        verdict,
        verdict,
        VoteTally.of(state.health(cluster), now, serviceSettings).votes(),
        reason,
        now);
  }

  /** The Karmada Cluster Ready signal of {@code cluster} changed. */
  private static Transition karmadaTransition(
      ServiceState state, Cluster cluster, Map<String, Vote> notReady, Instant now) {
    Verdict verdict = state.verdict(cluster);
    String reason =
        notReady.isEmpty()
            ? KARMADA_CLUSTER + ": the " + cluster.wireName() + " Cluster is Ready again in Karmada"
            : KARMADA_CLUSTER
                + ": the "
                + cluster.wireName()
                + " Cluster is not Ready in Karmada (seen by "
                + String.join(", ", notReady.keySet())
                + ")"
                + (cluster == Cluster.DESKTOP
                    ? ": failback held until it is Ready"
                    : "; no failover on this signal alone");
    return new Transition(state.service(), cluster, verdict, verdict, notReady, reason, now);
  }

  /** A decision that only reports: no verdict evaluated, no command. */
  private Decision alertOnly(
      ServiceState before,
      ServiceState after,
      Cluster cluster,
      String reason,
      Instant now,
      DeciderSettings serviceSettings) {
    return alertOnly(
        before,
        after,
        List.of(alert(after, cluster, reason, now, serviceSettings)),
        serviceSettings);
  }

  private static Decision alertOnly(
      ServiceState before,
      ServiceState after,
      List<Transition> alerts,
      DeciderSettings serviceSettings) {
    return new Decision(
        after,
        alerts,
        List.of(),
        after.publishedDiffers(before) ? Optional.of(after.toFailoverState()) : Optional.empty());
  }

  private static void requireUsableEpoch(long epoch, String field) {
    if (epoch >= EPOCH_LIMIT) {
      throw new UnusableInputException(
          field
              + " "
              + epoch
              + " is at or above the decider's epoch limit of "
              + EPOCH_LIMIT
              + ": adopting it would leave too few epochs for the commands to come (overflow)");
    }
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
