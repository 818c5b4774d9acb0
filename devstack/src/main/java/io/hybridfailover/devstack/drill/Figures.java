package io.hybridfailover.devstack.drill;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.hybridfailover.devstack.drill.Action.SetDesktop;
import io.hybridfailover.devstack.drill.Moment.CommandIssued;
import io.hybridfailover.devstack.drill.Moment.DrillStep;
import io.hybridfailover.devstack.drill.Moment.FleetCommand;
import io.hybridfailover.devstack.drill.Moment.RoutingChange;
import io.hybridfailover.devstack.drill.Moment.VerdictChange;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The figures a drill is judged on, computed from its timeline alone (pure: no clock, no I/O).
 *
 * @param detectionMs first fault to the first DOWN verdict on the desktop; null if none (the first
 *     fault: the drill's start, or its outage's start if a fault of our own parts comes before it,
 *     see {@link Drill#outageAt()})
 * @param failoverMs first fault to routing 100 % on GKE; null if routing never got there
 * @param failbackMs desktop healthy again (its last fault ended) to routing 100 % back on the
 *     desktop; null if routing never left it or never came back
 * @param routingChanges every change of the route's weights during the drill
 * @param failovers routing left the desktop (desktop weight fell from 100)
 * @param failbacks routing came back to the desktop (desktop weight reached 100 again)
 * @param falseFailovers failovers decided (the FAILED_OVER command issued) while the desktop had
 *     been healthy, for users, for longer than the failover bound, and every failover decided
 *     before the drill began (nothing faults the world before it begins)
 * @param startUpFailovers of those, the failovers decided before the drill began, of any service
 * @param userRequests requests the synthetic user sent during the drill
 * @param userErrors of which refused, failed, timed out or answered with an error
 * @param epochs every command epoch seen during the drill, in order
 * @param stagesMs where the time of the first failover went: each stage in ms from the first fault,
 *     in pipeline order ({@link Stages}); null if the drill did not fail over
 * @param faults what the faults of this system's own parts cost (lost commands, stale writes, dead
 *     letters, recovery), over every service of the world; unwrapped into the same JSON object
 * @param fleet every service's failover time, the stuck service's results, the user's errors per
 *     service; unwrapped into the same JSON object. {@code falseFailovers} counts every service's
 */
public record Figures(
    String drill,
    Long detectionMs,
    Long failoverMs,
    Long failbackMs,
    int routingChanges,
    int failovers,
    int failbacks,
    int falseFailovers,
    int startUpFailovers,
    long userRequests,
    long userErrors,
    double availabilityPct,
    List<Long> epochs,
    Map<String, Long> stagesMs,
    Map<String, Object> settings,
    @JsonUnwrapped FaultFigures faults,
    @JsonUnwrapped FleetReport fleet) {

  /**
   * What the synthetic user saw during the drill.
   *
   * @param errorsByService its errors per service (services without any left out)
   */
  public record UserCounts(long requests, long errors, Map<String, Long> errorsByService) {

    public UserCounts {
      errorsByService = Map.copyOf(errorsByService);
    }

    /** Counts of a user of {@code shop/web} alone. */
    public UserCounts(long requests, long errors) {
      this(requests, errors, errors == 0 ? Map.of() : Map.of(FleetServices.PRIMARY, errors));
    }
  }

  public static Figures of(
      Drill drill, List<Moment> timeline, Instant start, UserCounts user, DrillSettings settings) {
    List<Moment> during = timeline.stream().filter(m -> !m.at().isBefore(start)).toList();
    Instant outage = start.plus(drill.outageAt());
    Long detection =
        first(
                during,
                VerdictChange.class,
                v -> v.cluster() == Cluster.DESKTOP && v.to() == Verdict.DOWN)
            .map(v -> millis(outage, v.at()))
            .orElse(null);
    Long failover =
        first(during, RoutingChange.class, r -> r.gke() == 100)
            .map(r -> millis(outage, r.at()))
            .orElse(null);

    int failovers = 0;
    int failbacks = 0;
    int falseFailovers = 0;
    boolean onDesktop = true;
    List<RoutingChange> routing = ofType(during, RoutingChange.class);
    List<Instant> failoversDecided =
        ofType(during, CommandIssued.class).stream()
            .filter(c -> c.mode() == Mode.FAILED_OVER)
            .map(CommandIssued::at)
            .toList();
    for (RoutingChange change : routing) {
      if (onDesktop && !change.allDesktop()) {
        failovers++;
        Instant decided = decidedAt(failoversDecided, change.at());
        if (desktopHealthyFor(during, decided, settings.failoverBound())) {
          falseFailovers++;
        }
      } else if (!onDesktop && change.allDesktop()) {
        failbacks++;
      }
      onDesktop = change.allDesktop();
    }
    falseFailovers += fleetFalseFailovers(during, settings.failoverBound());
    int startUpFailovers = startUpFailovers(timeline, start);
    falseFailovers += startUpFailovers;

    Long failback = null;
    Optional<Instant> healthyAgain = desktopHealthyAgain(during);
    if (failovers > 0 && healthyAgain.isPresent()) {
      failback =
          routing.stream()
              .filter(r -> r.allDesktop() && !r.at().isBefore(healthyAgain.get()))
              .findFirst()
              .map(r -> millis(healthyAgain.get(), r.at()))
              .orElse(null);
    }
    double availability =
        user.requests() == 0
            ? 100.0
            : Math.round(10_000.0 * (user.requests() - user.errors()) / user.requests()) / 100.0;
    return new Figures(
        drill.name(),
        detection,
        failover,
        failback,
        routing.size(),
        failovers,
        failbacks,
        falseFailovers,
        startUpFailovers,
        user.requests(),
        user.errors(),
        availability,
        ofType(during, CommandIssued.class).stream().map(CommandIssued::epoch).toList(),
        Stages.of(during, start, settings.fall()),
        settings.describe(),
        FaultFigures.of(during),
        FleetReport.of(
            during,
            outage,
            FleetServices.ids(drill.shape().services()),
            stuckService(drill),
            user.errorsByService()));
  }

  /**
   * Failovers of any service decided before {@code start}: the world's start-up, which no drill
   * faults (a prober or a copy of the app that the machine starves while everything starts can look
   * down).
   */
  static int startUpFailovers(List<Moment> timeline, Instant start) {
    return (int)
        timeline.stream()
            .filter(m -> m.at().isBefore(start))
            .filter(
                m ->
                    (m instanceof CommandIssued c && c.mode() == Mode.FAILED_OVER)
                        || (m instanceof FleetCommand f && f.mode() == Mode.FAILED_OVER))
            .count();
  }

  /** The service whose writes the drill holds up, if it does ({@link Action.StuckWrites}). */
  static Optional<String> stuckService(Drill drill) {
    return drill.steps().stream().anyMatch(s -> s.action() instanceof Action.StuckWrites)
        ? Optional.of(FleetServices.stuck(drill.shape().services()))
        : Optional.empty();
  }

  /** Failovers of the fleet's other services decided while users saw the desktop healthy. */
  private static int fleetFalseFailovers(List<Moment> during, Duration bound) {
    Map<String, Boolean> onDesktop = new java.util.HashMap<>();
    Map<String, List<Instant>> failoversDecided =
        ofType(during, Moment.FleetCommand.class).stream()
            .filter(c -> c.mode() == Mode.FAILED_OVER)
            .collect(
                Collectors.groupingBy(
                    Moment.FleetCommand::service,
                    Collectors.mapping(Moment.FleetCommand::at, Collectors.toList())));
    int wrong = 0;
    for (Moment.FleetRouting change : ofType(during, Moment.FleetRouting.class)) {
      if (onDesktop.getOrDefault(change.service(), true) && !change.allDesktop()) {
        Instant decided =
            decidedAt(failoversDecided.getOrDefault(change.service(), List.of()), change.at());
        if (desktopHealthyFor(during, decided, bound)) {
          wrong++;
        }
      }
      onDesktop.put(change.service(), change.allDesktop());
    }
    return wrong;
  }

  /**
   * When the route that left the desktop at {@code routedAt} was decided: the last failover command
   * (FAILED_OVER, issued at one of {@code failoversDecided}) before it. A write held up by the API
   * lands late (the drift cycle retries it, by then perhaps with a failback step), but it was
   * decided while the desktop was down; with no such command, the route's own time.
   */
  static Instant decidedAt(List<Instant> failoversDecided, Instant routedAt) {
    return failoversDecided.stream()
        .filter(at -> !at.isAfter(routedAt))
        .max(Instant::compareTo)
        .orElse(routedAt);
  }

  /** When the desktop's last fault (as users see it) ended, if it had one. */
  static Optional<Instant> desktopHealthyAgain(List<Moment> timeline) {
    Instant healthy = null;
    boolean faulty = false;
    for (DrillStep step : ofType(timeline, DrillStep.class)) {
      if (step.action() instanceof SetDesktop set) {
        if (set.behaviour() == Behaviour.UP && faulty) {
          healthy = step.at();
        }
        faulty = set.behaviour() != Behaviour.UP;
      }
    }
    return faulty ? Optional.empty() : Optional.ofNullable(healthy);
  }

  /**
   * Whether users saw the desktop healthy through the {@code window} before {@code at}: a failover
   * then was not caused by a desktop fault, whatever the probers said.
   */
  static boolean desktopHealthyFor(List<Moment> timeline, Instant at, Duration window) {
    Instant from = at.minus(window);
    boolean faulty = false;
    for (DrillStep step : ofType(timeline, DrillStep.class)) {
      if (step.at().isAfter(at)) {
        break;
      }
      if (step.action() instanceof SetDesktop set) {
        boolean nowFaulty = set.behaviour() != Behaviour.UP;
        if (faulty && !step.at().isBefore(from)) {
          return false; // a fault was still on inside the window
        }
        faulty = nowFaulty;
      }
    }
    return !faulty;
  }

  static <T extends Moment> List<T> ofType(List<Moment> timeline, Class<T> type) {
    List<T> found = new ArrayList<>();
    for (Moment moment : timeline) {
      if (type.isInstance(moment)) {
        found.add(type.cast(moment));
      }
    }
    return found;
  }

  static <T extends Moment> Optional<T> first(
      List<Moment> timeline, Class<T> type, Predicate<T> match) {
    return ofType(timeline, type).stream().filter(match).findFirst();
  }

  static long millis(Instant from, Instant to) {
    return Duration.between(from, to).toMillis();
  }
}
