package io.hybridfailover.decider.core;

import io.hybridfailover.decider.core.ModeRules.Move;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.RecordKeys;
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
 * a healthy side. This class is the order in which the rules apply to one input; each family of
 * rules is a class of its own behind it:
 *
 * <ul>
 *   <li>verdicts: {@code #rule-votes} ({@link ProberTrack}), {@code #rule-staleness}, {@code
 *       #rule-quorum}, {@code #rule-conflicting-quorums} ({@link VoteTally}), {@code
 *       #rule-transitions}, {@code #rule-late-observations}, {@code #rule-checks}, {@code
 *       #rule-karmada-cluster} ({@link Fleet} fans the signal out), {@code #rule-clocks} and {@code
 *       #rule-delayed} ({@link ProberClocks}, {@link ProberOffset}, {@link ProberClock});
 *   <li>modes ({@link ModeRules}): {@code #rule-evaluation}, {@code #rule-primary}, {@code
 *       #rule-failing-over}, {@code #rule-failed-over}, {@code #rule-failing-back}, {@code
 *       #rule-both-down}, {@code #rule-unknown}, {@code #rule-up-for}, {@code #rule-damping}
 *       ({@link FailbackPolicy}), {@code #rule-standby-timeout}, {@code #rule-one-command};
 *   <li>overrides ({@link OverrideRules}): {@code #rule-override-once}, {@code #rule-freeze},
 *       {@code #rule-force}, {@code #rule-release}, {@code #rule-override-expiry}, {@code
 *       #rule-practice};
 *   <li>epochs, results and commands: {@code #rule-epochs}, {@code #rule-results}, {@code
 *       #rule-unusable-input} ({@link UnusableInputException}, {@link #EPOCH_LIMIT}), {@code
 *       #rule-command-fields}, {@code #rule-dry-run}, {@code #rule-state-events}.
 * </ul>
 *
 * <p>What the transitions and commands say is {@link Reasons}'.
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
    ProberClocks.Learned learned = ProberClocks.learn(state, observation, now, serviceSettings);
    ServiceState learnedState = learned.state();
    List<Transition> alerts = new ArrayList<>(learned.alerts());
    Instant seenAt = learned.seenAt();
    Duration ahead = learned.aheadOf(now);
    if (ahead.compareTo(serviceSettings.maxClockSkew()) > 0) {
      ServiceState skewed =
          ProberClocks.aheadOfClock(
              withModeSince(learnedState, now), observation, ahead, now, serviceSettings, alerts);
      return alertOnly(state, skewed, alerts);
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
    boolean teachesNothing =
        track.isEmpty() && learned.agreesWithBefore(serviceSettings.maxClockSkew());
    ServiceState sampled = teachesNothing ? state : learnedState;
    if (teachesNothing) {
      alerts.clear();
    }
    ServiceState clocked =
        sampled.withClock(
            prober,
            ProberClocks.arrived(sampled, observation, seenAt, now, serviceSettings, alerts));
    if (track.isEmpty()) {
      return clocked == state && alerts.isEmpty()
          ? Decision.unchanged(state)
          : alertOnly(state, withModeSince(clocked, now), alerts);
    }
    ServiceState observed =
        clocked.withHealth(cluster, health.withTrack(prober, check, track.get()));
    if (check == Check.KARMADA_CLUSTER) {
      Map<String, Vote> notReadyBefore = health.karmadaNotReady();
      Map<String, Vote> notReady = observed.health(cluster).karmadaNotReady();
      if (notReadyBefore.isEmpty() != notReady.isEmpty()) {
        alerts.add(Reasons.karmada(observed, cluster, notReady, now));
      }
    }
    Cluster voted = check == Check.HTTP ? cluster : null;
    return decide(
        serviceSettings, state, observed, now, new Input(event.id(), voted, null), alerts);
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
      notices.add(Reasons.alert(state, notice.cluster(), notice.reason(), now, serviceSettings));
    }
    Move forced =
        applied.moveTo() == null ? null : ModeRules.forced(applied.moveTo(), applied.moveReason());
    return decide(
        serviceSettings, state, applied.state(), now, new Input(event.id(), null, forced), notices);
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
        Reasons.reissued(result),
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
      transitions.add(
          Reasons.alert(state, notice.cluster(), notice.reason(), now, serviceSettings));
    }
    Input cause =
        held.moveTo() == null
            ? trigger
            : new Input(
                trigger.eventId(),
                trigger.observed(),
                ModeRules.forced(held.moveTo(), held.moveReason()));

    List<Command> commands = new ArrayList<>();
    Optional<Move> move =
        cause.forced() != null
            ? Optional.of(cause.forced())
            : state.frozen()
                ? Optional.empty()
                : ModeRules.automatic(state, tallies, serviceSettings, now);
    if (move.isPresent()) {
      Command command = command(state, move.get(), cause, now, serviceSettings);
      commands.add(command);
      state = afterCommand(state, command, cause, now, serviceSettings);
    }

    Optional<Transition> standbyAlert =
        ModeRules.standbyTimeoutAlert(state, tallies, now, serviceSettings);
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
                Reasons.verdictChange(state, cluster, tallies.get(cluster), now, serviceSettings),
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
        trigger.forced() == null && ModeRules.startsFailover(state.mode(), command.mode())
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

  /** A decision that only reports: no verdict evaluated, no command. */
  private static Decision alertOnly(
      ServiceState before, ServiceState after, List<Transition> alerts) {
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
