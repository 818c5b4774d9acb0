package io.hybridfailover.devstack.drill;

import static io.hybridfailover.devstack.drill.Behaviour.BLACKHOLED;
import static io.hybridfailover.devstack.drill.Behaviour.REFUSED;
import static io.hybridfailover.devstack.drill.Behaviour.UP;

import io.hybridfailover.devstack.drill.Action.KillProber;
import io.hybridfailover.devstack.drill.Action.Operator;
import io.hybridfailover.devstack.drill.Action.SetDesktop;
import io.hybridfailover.devstack.drill.Action.SetProberPath;
import io.hybridfailover.events.OverrideAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The drills {@code ./demo} knows, by name. */
public final class Drills {

  /** The prober that loses its life or its path in the prober drills. */
  public static final String LONE_PROBER = "prober-3";

  private static final Duration QUIET = Duration.ofSeconds(20);

  /** The alert every drill with a desktop outage fires (deploy/monitoring). */
  static final String DESKTOP_DOWN = "HybridDesktopDown";

  private static final Map<String, Drill> ALL = new LinkedHashMap<>();

  static {
    add(
        new Drill(
                "outage",
                "desktop refused for 30 s, then healthy",
                false,
                outage(),
                true,
                Duration.ZERO,
                List.of(Expectation.FAILS_OVER_AND_BACK_ONCE))
            .alerting(AlertExpectations.fires(DESKTOP_DOWN, 15)));
    add(
        new Drill(
            "blackhole",
            "desktop accepts connections and never answers for 30 s, then healthy",
            false,
            List.of(Step.at(0, new SetDesktop(BLACKHOLED)), Step.at(30_000, new SetDesktop(UP))),
            true,
            Duration.ZERO,
            List.of(Expectation.FAILS_OVER_WITHIN_BOUND, Expectation.FAILS_OVER_AND_BACK_ONCE)));
    add(
        new Drill(
            "flap",
            "desktop alternates 2 s up / 2 s down for 60 s, then healthy",
            false,
            flap(),
            true,
            Duration.ZERO,
            List.of(Expectation.MOVES_ROUTING_AT_MOST_TWICE)));
    add(
        new Drill(
                "prober-loss",
                "one of the three probers is killed; the desktop stays healthy",
                false,
                List.of(Step.at(0, new KillProber(LONE_PROBER))),
                false,
                QUIET,
                List.of(Expectation.NEVER_MOVES_ROUTING))
            .alerting(AlertExpectations.fires("HybridProberSilent", 20)));
    add(
        new Drill(
            "split-view",
            "one prober alone sees the desktop refused (a fault on its own path) for 20 s",
            false,
            List.of(
                Step.at(0, new SetProberPath(LONE_PROBER, REFUSED)),
                Step.at(20_000, new SetProberPath(LONE_PROBER, UP))),
            false,
            Duration.ofSeconds(5),
            List.of(Expectation.NEVER_MOVES_ROUTING)));
    add(
        new Drill(
            "cold-standby",
            "GKE copy at zero replicas, then the outage timeline",
            true,
            outage(),
            true,
            Duration.ZERO,
            List.of(
                Expectation.PLACEMENT_FIRST_ROUTING_AFTER_GKE_UP,
                Expectation.FAILS_OVER_AND_BACK_ONCE)));
    FaultDrills.all().forEach(Drills::add);
    FaithfulDrills.all().forEach(Drills::add);
  }

  static {
    add(
        new Drill(
            "operator",
            "the outage with an operator: freeze, force gke, desktop healthy, release",
            false,
            List.of(
                Step.at(0, new Operator(OverrideAction.FREEZE, "drill: hold routing")),
                Step.at(0, new SetDesktop(REFUSED)),
                Step.at(8_000, new Operator(OverrideAction.FORCE_GKE, "drill: users off now")),
                Step.at(16_000, new SetDesktop(UP)),
                Step.at(22_000, new Operator(OverrideAction.RELEASE, "drill: back to the rules"))),
            true,
            Duration.ZERO,
            List.of(
                Expectation.FREEZE_HOLDS_ROUTING,
                Expectation.FORCE_MOVES_AT_ONCE,
                Expectation.RELEASE_FAILS_BACK_AS_USUAL,
                Expectation.FAILS_OVER_AND_BACK_ONCE)));
  }

  static {
    add(
        new Drill(
            "practice",
            "a practice failover (bin/hybrid practice): to GKE, held 20 s, released to the rules",
            false,
            List.of(Step.at(0, new Action.Practice(Duration.ofSeconds(20), "drill: weekly"))),
            true,
            Duration.ZERO,
            List.of(Expectation.PRACTICE_MOVES_HOLDS_AND_RETURNS)));
  }

  static {
    FleetDrills.all().forEach(Drills::add);
  }

  private Drills() {}

  public static Optional<Drill> byName(String name) {
    return Optional.ofNullable(ALL.get(name));
  }

  /** How the drill's world differs from the usual one in Karmada and the mesh. */
  public static WorldVariant variant(String name) {
    return FaithfulDrills.variant(name);
  }

  public static List<Drill> all() {
    return List.copyOf(ALL.values());
  }

  private static void add(Drill drill) {
    List<Expectation> expectations = new ArrayList<>(drill.expectations());
    // Every drill: epochs strictly increase.
    expectations.add(Expectation.EPOCHS_STRICTLY_INCREASE);
    if (drill.returnsHome()) {
      expectations.add(Expectation.ENDS_HOME);
    }
    // Every drill: nothing lost, nothing written back in time, no valid record dead-lettered.
    expectations.add(Expectation.NO_LOST_COMMANDS);
    expectations.add(Expectation.NO_STALE_WRITES);
    expectations.add(Expectation.NO_VALID_RECORD_DEAD_LETTERED);
    ALL.put(
        drill.name(),
        new Drill(
            drill.name(),
            drill.summary(),
            drill.coldStandby(),
            drill.steps(),
            drill.returnsHome(),
            drill.quietFor(),
            expectations,
            drill.shape(),
            drill.alerts()));
  }

  static List<Step> outage() {
    return List.of(Step.at(0, new SetDesktop(REFUSED)), Step.at(30_000, new SetDesktop(UP)));
  }

  private static List<Step> flap() {
    List<Step> steps = new ArrayList<>();
    for (long at = 0; at < 60_000; at += 4_000) {
      steps.add(Step.at(at, new SetDesktop(REFUSED)));
      steps.add(Step.at(at + 2_000, new SetDesktop(UP)));
    }
    return steps;
  }
}
