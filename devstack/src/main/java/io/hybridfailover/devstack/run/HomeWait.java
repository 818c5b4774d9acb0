package io.hybridfailover.devstack.run;

import io.hybridfailover.devstack.drill.FaultFigures;
import io.hybridfailover.devstack.drill.Moment;
import io.hybridfailover.devstack.drill.Moment.CommandIssued;
import io.hybridfailover.devstack.drill.Moment.ResultPublished;
import io.hybridfailover.devstack.world.World;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Placement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * After a drill's last step: waits until traffic and placement are home, {@code shop/web}'s and
 * every other service's of a fleet, or until the deadline.
 */
final class HomeWait {

  /** How long a drill that returns home may take after its last step. */
  static final Duration TIMEOUT = Duration.ofSeconds(120);

  private HomeWait() {}

  /**
   * Returns once the newest command since {@code start} is PRIMARY with results from both actuators
   * and every other service of the fleet is home too; says so when the deadline passes first.
   */
  static void await(World world, Instant start, Instant deadline, DrillConsole console)
      throws InterruptedException {
    while (Instant.now().isBefore(deadline)) {
      List<Moment> timeline = world.timeline();
      Optional<CommandIssued> home =
          timeline.stream()
              .filter(m -> !m.at().isBefore(start))
              .filter(CommandIssued.class::isInstance)
              .map(CommandIssued.class::cast)
              .filter(c -> c.mode() == Mode.PRIMARY && c.placement() == Placement.PRIMARY)
              .reduce((a, b) -> b);
      if (home.isPresent()) {
        if (answeredByBoth(timeline, home.get().epoch())
            && fleetHome(world.services(), timeline, start)) {
          Thread.sleep(1_000); // anything that still follows shows in the timeline
          return;
        }
      }
      Thread.sleep(200);
    }
    console.say("gave up waiting: nothing came home within " + TIMEOUT.toSeconds() + " s");
  }

  /**
   * Whether both actuators answered {@code shop/web}'s command of {@code epoch}, each from at least
   * one of its replicas: two results from two replicas of one actuator are not both.
   */
  static boolean answeredByBoth(List<Moment> timeline, long epoch) {
    Set<String> answered = new HashSet<>();
    for (Moment moment : timeline) {
      if (moment instanceof ResultPublished r && r.epoch() == epoch) {
        answered.add(r.actuator());
      }
    }
    return answered.containsAll(FaultFigures.ACTUATORS);
  }

  /**
   * Whether every other service of the fleet is home too: its newest command PRIMARY, applied by
   * both actuators, each by at least one replica (or none since the drill began).
   */
  static boolean fleetHome(List<String> services, List<Moment> timeline, Instant start) {
    Map<String, Moment.FleetCommand> newest = new HashMap<>();
    Map<String, Set<String>> applied = new HashMap<>();
    for (Moment moment : timeline) {
      if (moment.at().isBefore(start)) {
        continue;
      }
      if (moment instanceof Moment.FleetCommand c) {
        newest.put(c.service(), c);
      } else if (moment instanceof Moment.FleetResult r
          && (r.outcome() == ActuationOutcome.APPLIED
              || r.outcome() == ActuationOutcome.UNCHANGED)) {
        applied
            .computeIfAbsent(r.service() + "#" + r.epoch(), k -> new HashSet<>())
            .add(r.actuator());
      }
    }
    for (String service : services.subList(1, services.size())) {
      Moment.FleetCommand command = newest.get(service);
      if (command == null) {
        continue; // never left home during the drill
      }
      if (command.mode() != Mode.PRIMARY
          || !applied
              .getOrDefault(service + "#" + command.epoch(), Set.of())
              .containsAll(FaultFigures.ACTUATORS)) {
        return false;
      }
    }
    return true;
  }
}
