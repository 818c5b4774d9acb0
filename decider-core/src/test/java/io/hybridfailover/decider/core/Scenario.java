package io.hybridfailover.decider.core;

import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.FailoverState;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.Transition;
import io.hybridfailover.events.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake clock, one service's state, and everything the decider published so far. Probers probe
 * once a second ({@link #round}); every advance of the clock is followed by a tick.
 */
final class Scenario {

  static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  static final String SERVICE = "shop/web";
  static final List<String> PROBERS = List.of("prober-a", "prober-b", "prober-c");
  static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

  final Decider decider;
  final List<String> probers;
  ServiceState state = ServiceState.initial(SERVICE);
  Instant now = T0;
  final List<Transition> transitions = new ArrayList<>();
  final List<Command> commands = new ArrayList<>();
  final List<FailoverState> states = new ArrayList<>();
  private int nextId = 1;

  Scenario(DeciderSettings settings, List<String> probers) {
    this.decider = new Decider(settings);
    this.probers = probers;
  }

  /** Three probers, quorum 2, production defaults otherwise (plus any {@code key, value} pairs). */
  static Scenario threeProbers(String... keyValues) {
    return new Scenario(settings(3, keyValues), PROBERS);
  }

  /** One prober, quorum 1: to watch a single prober's hysteresis. */
  static Scenario oneProber(String... keyValues) {
    return new Scenario(settings(1, keyValues), List.of("prober-a"));
  }

  static DeciderSettings settings(int expectedProbers, String... keyValues) {
    Map<String, String> props = new HashMap<>();
    props.put("hybrid.decider.expected-probers", Integer.toString(expectedProbers));
    for (int i = 0; i < keyValues.length; i += 2) {
      props.put("hybrid.decider." + keyValues[i], keyValues[i + 1]);
    }
    return DeciderSettings.fromProperties(props);
  }

  Event<Observation> observation(
      String prober, Cluster cluster, Outcome outcome, Instant observedAt) {
    return Event.of(
        "obs-" + nextId++,
        "/health-prober/" + prober,
        new Observation(SERVICE, cluster, Check.HTTP, prober, outcome, 5, null, null, observedAt));
  }

  /** An observation of {@code check} (service {@code *} for {@code karmada-cluster}). */
  Event<Observation> observation(
      String prober, Cluster cluster, Check check, Outcome outcome, Instant observedAt) {
    String service = check == Check.KARMADA_CLUSTER ? "*" : SERVICE;
    return Event.of(
        "obs-" + nextId++,
        "/health-prober/" + prober,
        new Observation(service, cluster, check, prober, outcome, 5, null, null, observedAt));
  }

  Decision observeCheck(
      String prober, Cluster cluster, Check check, Outcome outcome, Instant observedAt) {
    return apply(
        decider.onObservation(
            state, observation(prober, cluster, check, outcome, observedAt), now));
  }

  Decision observe(String prober, Cluster cluster, Outcome outcome) {
    return observeAt(prober, cluster, outcome, now);
  }

  Decision observeAt(String prober, Cluster cluster, Outcome outcome, Instant observedAt) {
    return apply(
        decider.onObservation(state, observation(prober, cluster, outcome, observedAt), now));
  }

  /** Every prober probes both clusters now ({@code null}: that cluster is not probed). */
  void probeAll(Outcome desktop, Outcome gke) {
    for (String prober : probers) {
      if (desktop != null) {
        observe(prober, Cluster.DESKTOP, desktop);
      }
      if (gke != null) {
        observe(prober, Cluster.GKE, gke);
      }
    }
  }

  /** One probe round, then one probe interval passes. */
  void round(Outcome desktop, Outcome gke) {
    probeAll(desktop, gke);
    advance(PROBE_INTERVAL);
  }

  void rounds(int count, Outcome desktop, Outcome gke) {
    for (int i = 0; i < count; i++) {
      round(desktop, gke);
    }
  }

  /** Probe rounds for {@code duration}. */
  void roundsFor(Duration duration, Outcome desktop, Outcome gke) {
    roundsUntil(now.plus(duration), desktop, gke);
  }

  /** Probe rounds until the clock reads {@code end} (the last tick is at {@code end}). */
  void roundsUntil(Instant end, Outcome desktop, Outcome gke) {
    while (now.isBefore(end)) {
      round(desktop, gke);
    }
  }

  /** Probe rounds until a command is issued; fails after {@code limit}. Returns the command. */
  Command roundsUntilCommand(Duration limit, Outcome desktop, Outcome gke) {
    int before = commands.size();
    Instant end = now.plus(limit);
    while (commands.size() == before) {
      if (now.isAfter(end)) {
        throw new AssertionError("no command within " + limit + "; state " + state);
      }
      round(desktop, gke);
    }
    return commands.get(commands.size() - 1);
  }

  Decision advance(Duration duration) {
    now = now.plus(duration);
    return tick();
  }

  Decision tick() {
    return apply(decider.onTick(state, now));
  }

  Event<OperatorOverride> overrideEvent(String service, OverrideAction action) {
    return Event.of(
        "ovr-" + nextId++,
        "/cli/alice",
        new OperatorOverride(service, action, "maintenance", "alice", now));
  }

  Decision override(OverrideAction action) {
    return apply(decider.onOverride(state, overrideEvent(SERVICE, action), now));
  }

  Decision result(long epoch, ActuationOutcome outcome) {
    return result(epoch, outcome, null);
  }

  /** A result of the traffic-switcher to this decider's command of {@code epoch}. */
  Decision result(long epoch, ActuationOutcome outcome, Long resourceEpoch) {
    return result(Decider.commandId(SERVICE, epoch), epoch, outcome, resourceEpoch);
  }

  Decision result(String commandId, long epoch, ActuationOutcome outcome, Long resourceEpoch) {
    ActuationResult result =
        new ActuationResult(
            commandId,
            SERVICE,
            epoch,
            "traffic-switcher",
            outcome,
            "split.smi-spec.io/v1alpha2 TrafficSplit shop/web",
            1,
            null,
            now,
            resourceEpoch);
    return apply(
        decider.onResult(state, Event.of("res-" + nextId++, "/traffic-switcher", result), now));
  }

  /** Keep the state only as the state store would: encoded and decoded after every input. */
  boolean throughStateStore;

  Decision apply(Decision decision) {
    state =
        throughStateStore
            ? ServiceStateCodec.decode(ServiceStateCodec.encode(decision.serviceState()))
            : decision.serviceState();
    transitions.addAll(decision.transitions());
    commands.addAll(decision.commands());
    decision.state().ifPresent(states::add);
    return decision;
  }

  Command lastCommand() {
    return commands.get(commands.size() - 1);
  }

  Transition lastTransition() {
    return transitions.get(transitions.size() - 1);
  }

  Verdict verdict(Cluster cluster) {
    return state.verdict(cluster);
  }

  Mode mode() {
    return state.mode();
  }

  /** From a fresh start: both clusters UP, then the desktop DOWN: FAILED_OVER at epoch 1. */
  Scenario failedOver() {
    rounds(3, Outcome.UP, Outcome.UP);
    rounds(3, Outcome.DOWN, Outcome.UP);
    if (mode() != Mode.FAILED_OVER) {
      throw new AssertionError("expected FAILED_OVER but was " + state);
    }
    return this;
  }
}
