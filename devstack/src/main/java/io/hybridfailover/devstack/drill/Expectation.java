package io.hybridfailover.devstack.drill;

import io.hybridfailover.devstack.drill.Moment.CommandIssued;
import io.hybridfailover.devstack.drill.Moment.GkeCopy;
import io.hybridfailover.devstack.drill.Moment.PlacementChange;
import io.hybridfailover.devstack.drill.Moment.RoutingChange;
import io.hybridfailover.devstack.drill.Moment.VerdictChange;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What must hold after a drill; each check reads the figures and the timeline only. */
public enum Expectation {
  FAILS_OVER_AND_BACK_ONCE("routing fails over and back exactly once") {
    @Override
    public Optional<String> violation(
        Figures figures, List<Moment> timeline, DrillSettings settings) {
      return figures.failovers() == 1 && figures.failbacks() == 1 && figures.failoverMs() != null
          ? Optional.empty()
          : Optional.of(
              figures.failovers()
                  + " failover(s) and "
                  + figures.failbacks()
                  + " failback(s)"
                  + (figures.failoverMs() == null ? ", routing never reached GKE 100" : ""));
    }
  },
  FAILS_OVER_WITHIN_BOUND("fails over within interval x fall + timeout + 1 s") {
    @Override
    public Optional<String> violation(
        Figures figures, List<Moment> timeline, DrillSettings settings) {
      long bound = settings.failoverBound().toMillis();
      if (figures.failoverMs() == null) {
        return Optional.of("routing never reached GKE 100 (bound " + bound + " ms)");
      }
      return figures.failoverMs() <= bound
          ? Optional.empty()
          : Optional.of("failoverMs " + figures.failoverMs() + " > bound " + bound);
    }
  },
  MOVES_ROUTING_AT_MOST_TWICE("routing moves at most twice (one failover, one failback)") {
    @Override
    public Optional<String> violation(
        Figures figures, List<Moment> timeline, DrillSettings settings) {
      int moves = figures.failovers() + figures.failbacks();
      return moves <= 2
          ? Optional.empty()
          : Optional.of(
              "routing moved "
                  + moves
                  + " times ("
                  + figures.failovers()
                  + " failovers, "
                  + figures.failbacks()
                  + " failbacks)");
    }
  },
  NO_FALSE_FAILOVER("no failover while users saw the desktop healthy") {
    @Override
    public Optional<String> violation(
        Figures figures, List<Moment> timeline, DrillSettings settings) {
      return figures.falseFailovers() == 0
          ? Optional.empty()
          : Optional.of(
              figures.falseFailovers()
                  + " failover(s) with the desktop healthy for longer than the failover bound"
                  + (figures.startUpFailovers() == 0
                      ? ""
                      : " (" + figures.startUpFailovers() + " before the drill began)"));
    }
  },
  NO_FALSE_TAKEOVER("no decider that was not killed loses its session (no false takeover)") {
    @Override
    public Optional<String> violation(
        Figures figures, List<Moment> timeline, DrillSettings settings) {
      List<String> lost =
          Figures.ofType(timeline, Moment.DeciderMembersLeft.class).stream()
              .filter(
                  left ->
                      Figures.first(
                              timeline,
                              Moment.DrillStep.class,
                              s ->
                                  s.action() instanceof Action.ProcessKilled k
                                      && k.process().equals(left.instance()))
                          .isEmpty())
              .map(Moment::describe)
              .toList();
      return lost.isEmpty()
          ? Optional.empty()
          : Optional.of(figures.faults().deciderSessionsLost() + " session(s) lost: " + lost);
    }
  },
  NEVER_MOVES_ROUTING("routing never moves") {
    @Override
    public Optional<String> violation(
        Figures figures, List<Moment> timeline, DrillSettings settings) {
      return figures.routingChanges() == 0
          ? Optional.empty()
          : Optional.of("routing changed " + figures.routingChanges() + " time(s)");
    }
  },
  PLACEMENT_FIRST_ROUTING_AFTER_GKE_UP(
      "placement moves first, routing only once the GKE copy is UP") {
    @Override
    public Optional<String> violation(
        Figures figures, List<Moment> timeline, DrillSettings settings) {
      Optional<Instant> placement =
          Figures.first(timeline, PlacementChange.class, p -> p.clusters().contains("gke"))
              .map(Moment::at);
      Optional<Instant> routing =
          Figures.first(timeline, RoutingChange.class, r -> !r.allDesktop()).map(Moment::at);
      Optional<Instant> started =
          Figures.first(timeline, GkeCopy.class, GkeCopy::running).map(Moment::at);
      Optional<Instant> gkeUp =
          Figures.first(
                  timeline,
                  VerdictChange.class,
                  v -> v.cluster() == Cluster.GKE && v.to() == Verdict.UP)
              .map(Moment::at);
      if (placement.isEmpty() || routing.isEmpty() || started.isEmpty() || gkeUp.isEmpty()) {
        return Optional.of(
            "missing from the timeline: placement on gke "
                + placement.isPresent()
                + ", routing off the desktop "
                + routing.isPresent()
                + ", GKE copy started "
                + started.isPresent()
                + ", GKE verdict UP "
                + gkeUp.isPresent());
      }
      if (!placement.get().isBefore(routing.get())) {
        return Optional.of("routing moved before the placement");
      }
      if (routing.get().isBefore(started.get()) || routing.get().isBefore(gkeUp.get())) {
        return Optional.of("routing moved before the GKE copy was UP");
      }
      return Optional.empty();
    }
  },
  ROUTE_NOT_APPLIED_REPORTED_BEFORE_THE_OUTAGE(
      "the switcher says the mesh does not apply the route, before the outage") {
    @Override
    public Optional<String> violation(
        Figures figures, List<Moment> timeline, DrillSettings settings) {
      Optional<Instant> outage =
          Figures.first(timeline, Moment.DrillStep.class, step -> true).map(Moment::at);
      Optional<Moment.MeshReport> report =
          Figures.first(timeline, Moment.MeshReport.class, r -> !r.applied());
      if (report.isEmpty()) {
        return Optional.of("no report of a route the mesh does not apply");
      }
      return outage.isPresent() && report.get().at().isAfter(outage.get())
          ? Optional.of("reported only after the outage began")
          : Optional.empty();
    }
  },
  USERS_STAY_ON_THE_DESKTOP(
      "users stay on the desktop: weights on a route nobody applies move no request") {
    @Override
    public Optional<String> violation(
        Figures figures, List<Moment> timeline, DrillSettings settings) {
      return Figures.first(
              timeline, Moment.UserAnswered.class, answer -> answer.copy() == Cluster.GKE)
          .map(answer -> "the GKE copy answered a user at " + answer.at());
    }
  },
  FAILBACK_WAITS_FOR_CLUSTER_READY(
      "the desktop Cluster turns NotReady and failback waits until it is Ready again") {
    @Override
    public Optional<String> violation(
        Figures figures, List<Moment> timeline, DrillSettings settings) {
      Optional<Moment.ClusterCondition> down =
          Figures.first(
              timeline,
              Moment.ClusterCondition.class,
              c -> c.cluster().equals("desktop") && !c.ready());
      if (down.isEmpty()) {
        return Optional.of("the desktop Cluster never turned NotReady");
      }
      Optional<Moment.ClusterCondition> ready =
          Figures.first(
              timeline,
              Moment.ClusterCondition.class,
              c -> c.cluster().equals("desktop") && c.ready() && c.at().isAfter(down.get().at()));
      Optional<Instant> away =
          Figures.first(timeline, RoutingChange.class, r -> !r.allDesktop()).map(Moment::at);
      if (ready.isEmpty() || away.isEmpty()) {
        return Optional.of(
            "missing: Cluster Ready again " + ready.isPresent() + ", failover " + away.isPresent());
      }
      Optional<Instant> back =
          Figures.first(
                  timeline, RoutingChange.class, r -> r.allDesktop() && r.at().isAfter(away.get()))
              .map(Moment::at);
      if (back.isEmpty()) {
        return Optional.of("routing never came back to the desktop");
      }
      return back.get().isBefore(ready.get().at())
          ? Optional.of(
              "routing came back at "
                  + back.get()
                  + ", before the Cluster was Ready again at "
                  + ready.get().at())
          : Optional.empty();
    }
  },
  EPOCHS_STRICTLY_INCREASE("command epochs strictly increase") {
    @Override
    public Optional<String> violation(
        Figures figures, List<Moment> timeline, DrillSettings settings) {
      List<Long> epochs = figures.epochs();
      for (int i = 1; i < epochs.size(); i++) {
        if (epochs.get(i) <= epochs.get(i - 1)) {
          return Optional.of("epochs " + epochs);
        }
      }
      // Every other service of the fleet: its own epochs.
      java.util.Map<String, List<Long>> fleet = new java.util.TreeMap<>();
      for (Moment.FleetCommand command : Figures.ofType(timeline, Moment.FleetCommand.class)) {
        fleet
            .computeIfAbsent(command.service(), s -> new java.util.ArrayList<>())
            .add(command.epoch());
      }
      for (java.util.Map.Entry<String, List<Long>> service : fleet.entrySet()) {
        List<Long> its = service.getValue();
        for (int i = 1; i < its.size(); i++) {
          if (its.get(i) <= its.get(i - 1)) {
            return Optional.of(service.getKey() + ": epochs " + its);
          }
        }
      }
      return Optional.empty();
    }
  },
  EVERY_SERVICE_FAILS_OVER_AND_BACK_ONCE(
      "every service's route fails over and back exactly once (the stuck one aside)") {
    @Override
    public Optional<String> violation(
        Figures figures, List<Moment> timeline, DrillSettings settings) {
      List<String> services =
          new java.util.ArrayList<>(FleetServices.ids(figures.fleet().fleet().services()));
      if (figures.fleet().stuckService() != null) {
        services.remove(figures.fleet().stuckService());
      }
      java.util.Map<String, String> wrong = FleetReport.notOverAndBackOnce(timeline, services);
      if (wrong.isEmpty()) {
        return Optional.empty();
      }
      List<String> shown =
          wrong.entrySet().stream().limit(5).map(e -> e.getKey() + ": " + e.getValue()).toList();
      return Optional.of(
          wrong.size()
              + " of "
              + services.size()
              + " services did not: "
              + String.join("; ", shown)
              + (wrong.size() > 5 ? "; ..." : ""));
    }
  },
  OTHERS_FAIL_OVER_WITHIN_BOUND(
      "every other service fails over within interval x fall + timeout + 1 s (the stuck one"
          + " holds none of them up)") {
    @Override
    public Optional<String> violation(
        Figures figures, List<Moment> timeline, DrillSettings settings) {
      FleetFigures fleet = figures.fleet().fleet();
      Long others =
          figures.fleet().stuckService() == null
              ? fleet.lastServiceFailoverMs()
              : fleet.othersMaxFailoverMs();
      long bound = settings.failoverBound().toMillis();
      int expected = fleet.services() - (figures.fleet().stuckService() == null ? 0 : 1);
      int failedOver =
          fleet.failedOver()
              - (figures.fleet().stuckService() != null && stuckFailedOver(figures) ? 1 : 0);
      if (others == null || failedOver < expected) {
        return Optional.of(
            failedOver + " of " + expected + " services failed over (bound " + bound + " ms)");
      }
      return others <= bound
          ? Optional.empty()
          : Optional.of("the slowest other service took " + others + " ms > bound " + bound);
    }
  },
  STUCK_SERVICE_FAILS_WITH_THE_REASON_AND_IS_RETRIED(
      "the stuck service's write is answered FAILED with the API's answer, and its service"
          + " reaches a newer state afterwards (retried by the drift cycle, or a newer command)") {
    @Override
    public Optional<String> violation(
        Figures figures, List<Moment> timeline, DrillSettings settings) {
      FleetReport fleet = figures.fleet();
      if (fleet.stuckService() == null) {
        return Optional.of("the drill held no service up");
      }
      List<FleetReport.StuckResult> results = fleet.stuckResults();
      List<String> wrong = new java.util.ArrayList<>();
      boolean anyFailed = false;
      for (String actuator : FaultFigures.ACTUATORS) {
        Optional<FleetReport.StuckResult> failed =
            results.stream()
                .filter(r -> r.actuator().equals(actuator) && r.outcome().equals("FAILED"))
                .findFirst();
        if (failed.isEmpty()) {
          continue;
        }
        anyFailed = true;
        if (failed.get().detail() == null || failed.get().detail().isBlank()) {
          wrong.add(actuator + "'s FAILED result gives no reason");
        }
        boolean later =
            results.stream()
                .anyMatch(
                    r ->
                        r.actuator().equals(actuator)
                            && r.atMs() > failed.get().atMs()
                            && (r.outcome().equals("APPLIED") || r.outcome().equals("UNCHANGED")));
        if (!later) {
          wrong.add(actuator + " never applied anything for it after its FAILED result");
        }
      }
      if (!anyFailed) {
        wrong.add("no actuator answered " + fleet.stuckService() + " FAILED");
      }
      return wrong.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", wrong));
    }
  },
  PRACTICE_MOVES_HOLDS_AND_RETURNS(
      "practice: routing to GKE within 3 s, held for the run, back home through every failback"
          + " step") {
    @Override
    public Optional<String> violation(
        Figures figures, List<Moment> timeline, DrillSettings settings) {
      return PracticeFigures.of(timeline)
          .map(p -> p.violation(settings))
          .orElse(Optional.of("no practice run in the drill"));
    }
  },
  FREEZE_HOLDS_ROUTING("frozen, routing stays where it is although the desktop is DOWN") {
    @Override
    public Optional<String> violation(
        Figures figures, List<Moment> timeline, DrillSettings settings) {
      Optional<OperatorFigures> operator = OperatorFigures.of(timeline);
      if (operator.isEmpty() || operator.get().freezeHeldMs() == null) {
        return Optional.of("no freeze, force and release with the desktop DOWN in between");
      }
      return operator.get().routingChangesWhileFrozen() == 0
          ? Optional.empty()
          : Optional.of(
              "routing changed " + operator.get().routingChangesWhileFrozen() + " time(s)");
    }
  },
  FORCE_MOVES_AT_ONCE("force gke moves routing to GKE within 3 s and holds it until the release") {
    @Override
    public Optional<String> violation(
        Figures figures, List<Moment> timeline, DrillSettings settings) {
      Optional<OperatorFigures> operator = OperatorFigures.of(timeline);
      if (operator.isEmpty() || operator.get().forceToGkeMs() == null) {
        return Optional.of("routing never reached GKE 100 after the force");
      }
      if (operator.get().forceToGkeMs() > 3_000) {
        return Optional.of("forceToGkeMs " + operator.get().forceToGkeMs() + " > 3000");
      }
      return operator.get().routingChangesWhileForced() == 0
          ? Optional.empty()
          : Optional.of(
              "routing changed "
                  + operator.get().routingChangesWhileForced()
                  + " time(s) while forced");
    }
  },
  RELEASE_FAILS_BACK_AS_USUAL("after the release, the rules fail back as usual: damped, in steps") {
    @Override
    public Optional<String> violation(
        Figures figures, List<Moment> timeline, DrillSettings settings) {
      Optional<OperatorFigures> operator = OperatorFigures.of(timeline);
      if (operator.isEmpty() || operator.get().desktopUpToFirstStepMs() == null) {
        return Optional.of("no failback step after the release");
      }
      long delay = settings.failbackDelay().toMillis();
      if (operator.get().desktopUpToFirstStepMs() < delay - 500) {
        return Optional.of(
            "the first failback step came "
                + operator.get().desktopUpToFirstStepMs()
                + " ms after the desktop was UP, before the failback delay of "
                + delay
                + " ms");
      }
      List<Integer> weights = operator.get().failbackWeights();
      return weights.equals(settings.failbackSteps())
          ? Optional.empty()
          : Optional.of("routing went through desktop weights " + weights);
    }
  },
  ENDS_HOME("ends with routing all on the desktop and placement restored") {
    @Override
    public Optional<String> violation(
        Figures figures, List<Moment> timeline, DrillSettings settings) {
      List<RoutingChange> routing = Figures.ofType(timeline, RoutingChange.class);
      boolean routedHome = routing.isEmpty() || routing.get(routing.size() - 1).allDesktop();
      List<CommandIssued> commands = Figures.ofType(timeline, CommandIssued.class);
      boolean primary =
          commands.isEmpty()
              || (commands.get(commands.size() - 1).mode() == Mode.PRIMARY
                  && commands.get(commands.size() - 1).placement() == Placement.PRIMARY);
      return routedHome && primary
          ? Optional.empty()
          : Optional.of(
              "routing home "
                  + routedHome
                  + ", last command PRIMARY with placement PRIMARY "
                  + primary);
    }
  },
  NO_LOST_COMMANDS("every command committed is applied (APPLIED or UNCHANGED) by both actuators") {
    @Override
    public Optional<String> violation(
        Figures figures, List<Moment> timeline, DrillSettings settings) {
      int lost = figures.faults().lostCommands();
      return lost == 0
          ? Optional.empty()
          : Optional.of(
              lost + " command(s) not applied by both actuators (lostCommands " + lost + ")");
    }
  },
  NO_STALE_WRITES("no write carries an epoch lower than an earlier write") {
    @Override
    public Optional<String> violation(
        Figures figures, List<Moment> timeline, DrillSettings settings) {
      int stale = figures.faults().staleWrites();
      return stale == 0
          ? Optional.empty()
          : Optional.of(stale + " write(s) went back in epoch (staleWrites " + stale + ")");
    }
  },
  NO_VALID_RECORD_DEAD_LETTERED("no valid record is dead-lettered") {
    @Override
    public Optional<String> violation(
        Figures figures, List<Moment> timeline, DrillSettings settings) {
      int unexpected = figures.faults().unexpectedDeadLetters();
      return unexpected == 0
          ? Optional.empty()
          : Optional.of(
              unexpected
                  + " record(s) the drill did not poison reached a DLQ (deadLetters "
                  + figures.faults().deadLetters()
                  + ")");
    }
  },
  EVERY_POISON_DEAD_LETTERED("every invalid poison record reaches its topic's DLQ") {
    @Override
    public Optional<String> violation(
        Figures figures, List<Moment> timeline, DrillSettings settings) {
      FaultFigures faults = figures.faults();
      if (faults.poisonSent() == 0) {
        return Optional.of("no poison record was sent");
      }
      return faults.poisonNotDeadLettered() == 0
          ? Optional.empty()
          : Optional.of(
              faults.poisonNotDeadLettered()
                  + " of "
                  + faults.poisonSent()
                  + " invalid poison records never reached a DLQ");
    }
  },
  RECOVERS_FROM_THE_CRASH("after the crash, a command is applied by both actuators") {
    @Override
    public Optional<String> violation(
        Figures figures, List<Moment> timeline, DrillSettings settings) {
      boolean crashed =
          Figures.first(timeline, Moment.DrillStep.class, s -> s.action() instanceof Action.Crash)
              .isPresent();
      if (!crashed) {
        return Optional.of("the crash never happened");
      }
      return figures.faults().recoveryMs() != null
          ? Optional.empty()
          : Optional.of("no command was applied by both actuators after the crash");
    }
  };

  /** Whether the stuck service's route reached GKE during the drill. */
  private static boolean stuckFailedOver(Figures figures) {
    return figures.fleet().stuckFailedOver();
  }

  private final String description;

  Expectation(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  /**
   * Why the drill did not meet this expectation, if it did not.
   *
   * @param timeline the moments from the drill's first step on
   */
  public abstract Optional<String> violation(
      Figures figures, List<Moment> timeline, DrillSettings settings);
}
