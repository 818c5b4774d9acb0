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
        Drill.named("outage", "desktop refused for 30 s, then healthy")
            .steps(outage())
            .expect(Expectation.FAILS_OVER_AND_BACK_ONCE)
            .alerting(AlertExpectations.fires(DESKTOP_DOWN, 15)));
    add(
        Drill.named(
                "blackhole", "desktop accepts connections and never answers for 30 s, then healthy")
            .step(0, new SetDesktop(BLACKHOLED))
            .step(30_000, new SetDesktop(UP))
            .expect(Expectation.FAILS_OVER_WITHIN_BOUND, Expectation.FAILS_OVER_AND_BACK_ONCE));
    add(
        Drill.named("flap", "desktop alternates 2 s up / 2 s down for 60 s, then healthy")
            .steps(flap())
            .expect(Expectation.MOVES_ROUTING_AT_MOST_TWICE));
    add(
        Drill.named("prober-loss", "one of the three probers is killed; the desktop stays healthy")
            .step(0, new KillProber(LONE_PROBER))
            .watchFor(QUIET)
            .expect(Expectation.NEVER_MOVES_ROUTING)
            .alerting(AlertExpectations.fires("HybridProberSilent", 20)));
    add(
        Drill.named(
                "split-view",
                "one prober alone sees the desktop refused (a fault on its own path) for 20 s")
            .step(0, new SetProberPath(LONE_PROBER, REFUSED))
            .step(20_000, new SetProberPath(LONE_PROBER, UP))
            .watchFor(Duration.ofSeconds(5))
            .expect(Expectation.NEVER_MOVES_ROUTING));
    add(
        Drill.named("cold-standby", "GKE copy at zero replicas, then the outage timeline")
            .coldStandby()
            .steps(outage())
            .expect(
                Expectation.PLACEMENT_FIRST_ROUTING_AFTER_GKE_UP,
                Expectation.FAILS_OVER_AND_BACK_ONCE));
    FaultDrills.all().forEach(Drills::add);
    FaithfulDrills.all().forEach(Drills::add);
    add(
        Drill.named(
                "operator",
                "the outage with an operator: freeze, force gke, desktop healthy, release")
            .step(0, new Operator(OverrideAction.FREEZE, "drill: hold routing"))
            .step(0, new SetDesktop(REFUSED))
            .step(8_000, new Operator(OverrideAction.FORCE_GKE, "drill: users off now"))
            .step(16_000, new SetDesktop(UP))
            .step(22_000, new Operator(OverrideAction.RELEASE, "drill: back to the rules"))
            .expect(
                Expectation.FREEZE_HOLDS_ROUTING,
                Expectation.FORCE_MOVES_AT_ONCE,
                Expectation.RELEASE_FAILS_BACK_AS_USUAL,
                Expectation.FAILS_OVER_AND_BACK_ONCE));
    add(
        Drill.named(
                "practice",
                "a practice failover (bin/hybrid practice): to GKE, held 20 s, released to the"
                    + " rules")
            .step(0, new Action.Practice(Duration.ofSeconds(20), "drill: weekly"))
            .expect(Expectation.PRACTICE_MOVES_HOLDS_AND_RETURNS));
    FleetDrills.all().forEach(Drills::add);
  }

  private Drills() {}

  public static Optional<Drill> byName(String name) {
    return Optional.ofNullable(ALL.get(name));
  }

  public static List<Drill> all() {
    return List.copyOf(ALL.values());
  }

  /** Declared drills are added with the checks every drill makes. */
  private static void add(Drill.Builder declared) {
    add(declared.build());
  }

  private static void add(Drill drill) {
    Drill.Builder every = drill.toBuilder();
    // Every drill: epochs strictly increase.
    every.expect(Expectation.EPOCHS_STRICTLY_INCREASE);
    if (drill.returnsHome()) {
      every.expect(Expectation.ENDS_HOME);
    }
    // Every drill: nothing lost, nothing written back in time, no valid record dead-lettered.
    every.expect(
        Expectation.NO_LOST_COMMANDS,
        Expectation.NO_STALE_WRITES,
        Expectation.NO_VALID_RECORD_DEAD_LETTERED);
    ALL.put(drill.name(), every.build());
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
