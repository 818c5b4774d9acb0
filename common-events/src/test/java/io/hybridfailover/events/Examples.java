package io.hybridfailover.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One event of each type, as in the contract's examples, with fixed ids so output is stable. */
final class Examples {

  static final Instant OBSERVED_AT = Instant.parse("2026-11-23T10:15:03.120Z");
  static final Instant LATER = Instant.parse("2026-11-23T10:15:09.500Z");

  private Examples() {}

  static Event<Observation> observation() {
    return Event.of(
        "0b8f3f0e-5a4e-4c55-9a43-3c1b1f0f7a01",
        "/health-prober/prober-gke-a",
        new Observation(
            "shop/web",
            Cluster.DESKTOP,
            Check.HTTP,
            "prober-gke-a",
            Outcome.DOWN,
            1000,
            "connect timeout after 1000 ms",
            "http://web-desktop.shop.svc.cluster.local/healthz",
            OBSERVED_AT));
  }

  static Event<Transition> transition() {
    return Event.of(
        "0b8f3f0e-5a4e-4c55-9a43-3c1b1f0f7a02",
        "/failover-decider/decider-0",
        new Transition(
            "shop/web",
            Cluster.DESKTOP,
            Verdict.UP,
            Verdict.DOWN,
            Map.of("prober-gke-a", Vote.DOWN, "prober-gke-b", Vote.DOWN, "prober-ext", Vote.STALE),
            "2 of 3 probers saw 3 consecutive failures",
            LATER));
  }

  static Event<Command> command() {
    return Event.of(
        "0b8f3f0e-5a4e-4c55-9a43-3c1b1f0f7a03",
        "/failover-decider/decider-0",
        new Command(
            "c-12",
            "shop/web",
            12,
            Mode.FAILED_OVER,
            Routing.allGke(),
            Placement.GKE,
            "desktop DOWN (quorum 2/3), gke UP",
            List.of("0b8f3f0e-5a4e-4c55-9a43-3c1b1f0f7a02"),
            false,
            LATER));
  }

  static Event<ActuationResult> actuationResult() {
    return Event.of(
        "0b8f3f0e-5a4e-4c55-9a43-3c1b1f0f7a04",
        "/traffic-switcher/switcher-0",
        new ActuationResult(
            "c-12",
            "shop/web",
            12,
            "traffic-switcher",
            ActuationOutcome.APPLIED,
            "split.smi-spec.io/v1alpha2 TrafficSplit shop/web",
            1,
            "weights web=100 web-desktop=0",
            LATER.plusMillis(250)));
  }

  static Event<FailoverState> state() {
    return Event.of(
        "0b8f3f0e-5a4e-4c55-9a43-3c1b1f0f7a05",
        "/failover-decider/decider-0",
        new FailoverState(
            "shop/web",
            Mode.FAILED_OVER,
            12,
            Routing.allGke(),
            Placement.GKE,
            false,
            LATER,
            Map.of(Cluster.GKE, Verdict.UP, Cluster.DESKTOP, Verdict.DOWN)));
  }

  static Event<OperatorOverride> override() {
    return Event.of(
        "0b8f3f0e-5a4e-4c55-9a43-3c1b1f0f7a06",
        "/operator/cli",
        new OperatorOverride(
            "shop/web",
            OverrideAction.FREEZE,
            "planned desktop maintenance",
            "alice",
            LATER,
            LATER.plus(java.time.Duration.ofHours(4))));
  }

  static List<Event<?>> all() {
    return List.of(observation(), transition(), command(), actuationResult(), state(), override());
  }
}
