package io.hybridfailover.devstack.drill;

import io.hybridfailover.devstack.drill.Action.Operator;
import io.hybridfailover.devstack.drill.Moment.CommandIssued;
import io.hybridfailover.devstack.drill.Moment.DrillStep;
import io.hybridfailover.devstack.drill.Moment.RoutingChange;
import io.hybridfailover.devstack.drill.Moment.VerdictChange;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The figures of a drill with operator overrides (freeze, force gke, release), from its timeline
 * alone: how long the freeze held routing with the desktop DOWN, how fast the force moved it, and
 * how the rules failed back after the release.
 *
 * @param freezeHeldMs desktop DOWN (the decider's verdict) to the force: routing held by the freeze
 * @param routingChangesWhileFrozen routing changes between the freeze and the force (want 0)
 * @param forceToGkeMs the force to routing 100 % on GKE
 * @param routingChangesWhileForced routing changes between that and the release (want 0)
 * @param releaseToFirstStepMs the release to the first failback step (FAILING_BACK command)
 * @param desktopUpToFirstStepMs the desktop's UP verdict to the first failback step: the rules'
 *     damped failback delay, as without any override
 * @param releaseToHomeMs the release to routing 100 % on the desktop
 * @param failbackWeights the desktop's weights routing went through after the release
 */
public record OperatorFigures(
    Long freezeHeldMs,
    int routingChangesWhileFrozen,
    Long forceToGkeMs,
    int routingChangesWhileForced,
    Long releaseToFirstStepMs,
    Long desktopUpToFirstStepMs,
    Long releaseToHomeMs,
    List<Integer> failbackWeights) {

  /** The figures, if the drill froze, forced to GKE and released. */
  public static Optional<OperatorFigures> of(List<Moment> timeline) {
    Optional<Instant> freeze = step(timeline, OverrideAction.FREEZE);
    Optional<Instant> force = step(timeline, OverrideAction.FORCE_GKE);
    Optional<Instant> release = step(timeline, OverrideAction.RELEASE);
    if (freeze.isEmpty() || force.isEmpty() || release.isEmpty()) {
      return Optional.empty();
    }
    Optional<Instant> desktopDown =
        Figures.first(
                timeline,
                VerdictChange.class,
                v ->
                    v.cluster() == Cluster.DESKTOP
                        && v.to() == Verdict.DOWN
                        && v.at().isAfter(freeze.get()))
            .map(Moment::at);
    List<RoutingChange> routing = Figures.ofType(timeline, RoutingChange.class);
    Optional<Instant> onGke =
        routing.stream()
            .filter(r -> !r.at().isBefore(force.get()) && r.gke() == 100)
            .map(Moment::at)
            .findFirst();
    Optional<Instant> firstStep =
        Figures.ofType(timeline, CommandIssued.class).stream()
            .filter(c -> c.at().isAfter(release.get()) && c.mode() == Mode.FAILING_BACK)
            .map(Moment::at)
            .findFirst();
    Optional<Instant> desktopUp =
        Figures.ofType(timeline, VerdictChange.class).stream()
            .filter(
                v ->
                    v.cluster() == Cluster.DESKTOP
                        && v.to() == Verdict.UP
                        && v.at().isAfter(force.get())
                        && firstStep.map(s -> v.at().isBefore(s)).orElse(true))
            .map(Moment::at)
            .reduce((a, b) -> b);
    Optional<Instant> home =
        routing.stream()
            .filter(r -> r.at().isAfter(release.get()) && r.allDesktop())
            .map(Moment::at)
            .findFirst();
    Instant forcedUntil = release.get();
    return Optional.of(
        new OperatorFigures(
            desktopDown.map(d -> Figures.millis(d, force.get())).orElse(null),
            (int)
                routing.stream()
                    .filter(r -> !r.at().isBefore(freeze.get()) && r.at().isBefore(force.get()))
                    .count(),
            onGke.map(g -> Figures.millis(force.get(), g)).orElse(null),
            (int)
                routing.stream()
                    .filter(
                        r ->
                            onGke.isPresent()
                                && r.at().isAfter(onGke.get())
                                && r.at().isBefore(forcedUntil))
                    .count(),
            firstStep.map(s -> Figures.millis(release.get(), s)).orElse(null),
            firstStep.flatMap(s -> desktopUp.map(u -> Figures.millis(u, s))).orElse(null),
            home.map(h -> Figures.millis(release.get(), h)).orElse(null),
            routing.stream()
                .filter(r -> r.at().isAfter(release.get()))
                .map(RoutingChange::desktop)
                .toList()));
  }

  private static Optional<Instant> step(List<Moment> timeline, OverrideAction action) {
    return Figures.first(
            timeline,
            DrillStep.class,
            s -> s.action() instanceof Operator o && o.action() == action)
        .map(Moment::at);
  }
}
