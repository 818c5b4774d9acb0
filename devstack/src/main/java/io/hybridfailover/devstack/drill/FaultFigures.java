package io.hybridfailover.devstack.drill;

import io.hybridfailover.devstack.drill.Moment.CommandIssued;
import io.hybridfailover.devstack.drill.Moment.DeadLetter;
import io.hybridfailover.devstack.drill.Moment.DrillStep;
import io.hybridfailover.devstack.drill.Moment.ObjectWrite;
import io.hybridfailover.devstack.drill.Moment.PoisonSent;
import io.hybridfailover.devstack.drill.Moment.ResultPublished;
import io.hybridfailover.events.ActuationOutcome;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the faults of a drill cost, computed from its timeline alone (pure: no clock, no I/O).
 *
 * @param lostCommands commands committed that did not end up APPLIED or UNCHANGED by both actuators
 *     by the end of the drill; a command an actuator answered STALE and then applied a newer one
 *     for is superseded, not lost (the newest command wins: one still queued behind its service's
 *     write when a newer one arrives is never written)
 * @param staleWrites writes to the route (HTTPRoute or TrafficSplit) or PropagationPolicy carrying
 *     an epoch lower than an earlier write to the same object
 * @param deadLetters records that reached each dead-letter topic during the drill, by topic
 * @param unexpectedDeadLetters dead letters that are not the drill's own poison: valid records
 * @param poisonSent invalid records the poison producer wrote (each must reach a DLQ)
 * @param poisonNotDeadLettered of those, how many never reached a DLQ
 * @param recoveryMs from the first crash of one of our processes to the next command applied by
 *     both actuators; null without a crash, or if none was applied after it
 */
public record FaultFigures(
    int lostCommands,
    int staleWrites,
    Map<String, Long> deadLetters,
    int unexpectedDeadLetters,
    int poisonSent,
    int poisonNotDeadLettered,
    Long recoveryMs) {

  /** The two actuators that apply every command. */
  public static final List<String> ACTUATORS = List.of("traffic-switcher", "karmada-actuator");

  public FaultFigures {
    deadLetters = Map.copyOf(deadLetters);
  }

  /** Every figure; {@code timeline} holds the drill's moments only (from its first step on). */
  public static FaultFigures of(List<Moment> timeline) {
    Map<Long, Map<String, Instant>> applied = applied(timeline);
    Map<String, Long> newestApplied = new HashMap<>();
    applied.forEach(
        (epoch, by) -> by.keySet().forEach(a -> newestApplied.merge(a, epoch, Math::max)));
    Set<String> answeredStale = new HashSet<>();
    for (ResultPublished result : Figures.ofType(timeline, ResultPublished.class)) {
      if (result.outcome() == ActuationOutcome.STALE) {
        answeredStale.add(result.actuator() + "#" + result.epoch());
      }
    }
    int lost = 0;
    for (CommandIssued command : Figures.ofType(timeline, CommandIssued.class)) {
      Set<String> by = applied.getOrDefault(command.epoch(), Map.of()).keySet();
      for (String actuator : ACTUATORS) {
        boolean superseded =
            answeredStale.contains(actuator + "#" + command.epoch())
                && newestApplied.getOrDefault(actuator, 0L) > command.epoch();
        if (!by.contains(actuator) && !superseded) {
          lost++;
          break;
        }
      }
    }

    int stale = 0;
    Map<String, Long> newest = new HashMap<>();
    for (ObjectWrite write : Figures.ofType(timeline, ObjectWrite.class)) {
      Long before = newest.get(write.object());
      if (before != null && write.epoch() < before) {
        stale++;
      } else {
        newest.put(write.object(), write.epoch());
      }
    }

    Map<String, Long> deadLetters = new TreeMap<>();
    int unexpected = 0;
    Set<String> deadLettered = new HashSet<>();
    for (DeadLetter letter : Figures.ofType(timeline, DeadLetter.class)) {
      deadLetters.merge(letter.topic(), 1L, Long::sum);
      if (letter.poisonId() == null) {
        unexpected++;
      } else {
        deadLettered.add(letter.poisonId());
      }
    }
    int poison = 0;
    int missing = 0;
    for (PoisonSent sent : Figures.ofType(timeline, PoisonSent.class)) {
      if (sent.mustDeadLetter()) {
        poison++;
        if (!deadLettered.contains(sent.id())) {
          missing++;
        }
      }
    }
    return new FaultFigures(
        lost, stale, deadLetters, unexpected, poison, missing, recovery(timeline, applied));
  }

  /** By epoch, when each actuator reported the command APPLIED or UNCHANGED (first report). */
  private static Map<Long, Map<String, Instant>> applied(List<Moment> timeline) {
    Map<Long, Map<String, Instant>> applied = new HashMap<>();
    for (ResultPublished result : Figures.ofType(timeline, ResultPublished.class)) {
      if (result.outcome() == ActuationOutcome.APPLIED
          || result.outcome() == ActuationOutcome.UNCHANGED) {
        applied
            .computeIfAbsent(result.epoch(), e -> new HashMap<>())
            .putIfAbsent(result.actuator(), result.at());
      }
    }
    return applied;
  }

  private static Long recovery(List<Moment> timeline, Map<Long, Map<String, Instant>> applied) {
    Instant crash =
        Figures.first(timeline, DrillStep.class, s -> s.action() instanceof Action.Crash)
            .map(Moment::at)
            .orElse(null);
    if (crash == null) {
      return null;
    }
    Instant recovered = null;
    for (CommandIssued command : Figures.ofType(timeline, CommandIssued.class)) {
      Map<String, Instant> by = applied.getOrDefault(command.epoch(), Map.of());
      if (!by.keySet().containsAll(ACTUATORS)) {
        continue;
      }
      Instant last = by.values().stream().max(Instant::compareTo).orElseThrow();
      if (last.isAfter(crash) && (recovered == null || last.isBefore(recovered))) {
        recovered = last;
      }
    }
    return recovered == null ? null : Figures.millis(crash, recovered);
  }
}
