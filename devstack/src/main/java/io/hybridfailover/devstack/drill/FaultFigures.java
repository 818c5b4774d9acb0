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
 * <p>An actuator may run as several replicas, each answering every command with a result of its own
 * (its {@code source} names it): a command counts as applied by an actuator once at least one of
 * its replicas answered it APPLIED or UNCHANGED, as the object is then as asked whichever replica
 * wrote it. Stale writes are judged over every write the API server saw, whoever made it.
 *
 * @param lostCommands commands committed that did not end up APPLIED or UNCHANGED by both actuators
 *     (every service of the world, each service's epochs on their own) by the end of the drill; a
 *     command an actuator answered STALE and then applied a newer one for is superseded, not lost
 *     (the newest command wins: one still queued behind its service's write when a newer one
 *     arrives is never written)
 * @param staleWrites writes to a route (HTTPRoute or TrafficSplit) or PropagationPolicy carrying an
 *     epoch lower than an earlier write to the same object (every service's objects)
 * @param deadLetters records that reached each dead-letter topic during the drill, by topic
 * @param unexpectedDeadLetters dead letters that are not the drill's own poison: valid records
 * @param poisonSent invalid records the poison producer wrote (each must reach a DLQ)
 * @param poisonNotDeadLettered of those, how many never reached a DLQ
 * @param recoveryMs from the first crash of one of our processes to the next command applied by
 *     both actuators (each by at least one replica, the later of the two after the crash): with a
 *     second replica of the crashed actuator running, how long actuation stopped, not how long the
 *     crashed replica took to come back; null without a crash, or if none was applied after it
 * @param deciderSessionsLost times members of a decider instance that was not killed left the
 *     deciders' consumer group (their session timed out, or they were fenced): each a takeover of
 *     its tasks by another instance (or, alone, a rejoin), with no decision meanwhile; a false
 *     takeover unless the drill cut that decider off on purpose
 * @param deciderLongestGcPauseMs the longest stop-the-world GC pause of any decider during the
 *     drill, from their GC logs; null if none was read
 * @param worldCpuCores what the world's processes (ours, the brokers, the drill's own JVM) used on
 *     average from the drill's first step to its end, in cores; null if not measured
 * @param worldResidentMb their resident memory at the end of the drill, summed; null if not
 *     measured
 */
public record FaultFigures(
    int lostCommands,
    int staleWrites,
    Map<String, Long> deadLetters,
    int unexpectedDeadLetters,
    int poisonSent,
    int poisonNotDeadLettered,
    Long recoveryMs,
    int deciderSessionsLost,
    Long deciderLongestGcPauseMs,
    Double worldCpuCores,
    Long worldResidentMb) {

  /** The two actuators that apply every command (kinds: each may run several replicas). */
  public static final List<String> ACTUATORS = List.of("traffic-switcher", "karmada-actuator");

  public FaultFigures {
    deadLetters = Map.copyOf(deadLetters);
  }

  /** Every figure; {@code timeline} holds the drill's moments only (from its first step on). */
  public static FaultFigures of(List<Moment> timeline) {
    Map<Long, Map<String, Instant>> applied = applied(timeline);
    List<Answer> answers = new java.util.ArrayList<>();
    for (ResultPublished result : Figures.ofType(timeline, ResultPublished.class)) {
      answers.add(new Answer(result.actuator(), result.epoch(), result.outcome()));
    }
    int lost =
        lost(
            Figures.ofType(timeline, CommandIssued.class).stream()
                .map(CommandIssued::epoch)
                .toList(),
            answers);
    // The fleet's other services, each on its own: epochs are per service.
    Map<String, List<Long>> fleetCommands = new TreeMap<>();
    Map<String, List<Answer>> fleetAnswers = new HashMap<>();
    for (Moment moment : timeline) {
      if (moment instanceof Moment.FleetCommand c) {
        fleetCommands.computeIfAbsent(c.service(), k -> new java.util.ArrayList<>()).add(c.epoch());
      } else if (moment instanceof Moment.FleetResult r) {
        fleetAnswers
            .computeIfAbsent(r.service(), k -> new java.util.ArrayList<>())
            .add(new Answer(r.actuator(), r.epoch(), r.outcome()));
      }
    }
    for (Map.Entry<String, List<Long>> service : fleetCommands.entrySet()) {
      lost += lost(service.getValue(), fleetAnswers.getOrDefault(service.getKey(), List.of()));
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
    Set<String> killed = new HashSet<>();
    for (DrillStep step : Figures.ofType(timeline, DrillStep.class)) {
      if (step.action() instanceof Action.ProcessKilled k) {
        killed.add(k.process());
      }
    }
    int sessionsLost =
        (int)
            Figures.ofType(timeline, Moment.DeciderMembersLeft.class).stream()
                .filter(left -> !killed.contains(left.instance()))
                .count();
    Long longestGcPause =
        Figures.ofType(timeline, Moment.GcPause.class).stream()
            .map(Moment.GcPause::pauseMs)
            .max(Long::compare)
            .orElse(null);
    List<Moment.WorldUsage> usage = Figures.ofType(timeline, Moment.WorldUsage.class);
    Double cores = null;
    Long residentMb = null;
    if (usage.size() >= 2) {
      Moment.WorldUsage first = usage.get(0);
      Moment.WorldUsage last = usage.get(usage.size() - 1);
      long nanos = java.time.Duration.between(first.at(), last.at()).toNanos();
      if (nanos > 0) {
        cores = Math.round(100.0 * (last.cpuNanos() - first.cpuNanos()) / nanos) / 100.0;
      }
      residentMb = last.residentBytes() / (1024 * 1024);
    }
    return new FaultFigures(
        lost,
        stale,
        deadLetters,
        unexpected,
        poison,
        missing,
        recovery(timeline, applied),
        sessionsLost,
        longestGcPause,
        cores,
        residentMb);
  }

  /** One actuator's result for one epoch of one service (from any of its replicas). */
  private record Answer(String actuator, long epoch, ActuationOutcome outcome) {}

  /**
   * Of one service's commands (epochs), those not applied by both actuators nor superseded. A
   * command is applied by an actuator when any of its replicas applied it (a killed replica that
   * never answered loses nothing if another did); superseded when one of its replicas answered it
   * STALE and the actuator applied a newer one.
   */
  private static int lost(List<Long> commands, List<Answer> answers) {
    Map<Long, Set<String>> applied = new HashMap<>();
    Map<String, Long> newestApplied = new HashMap<>();
    Set<String> answeredStale = new HashSet<>();
    for (Answer answer : answers) {
      if (answer.outcome() == ActuationOutcome.APPLIED
          || answer.outcome() == ActuationOutcome.UNCHANGED) {
        applied.computeIfAbsent(answer.epoch(), e -> new HashSet<>()).add(answer.actuator());
        newestApplied.merge(answer.actuator(), answer.epoch(), Math::max);
      } else if (answer.outcome() == ActuationOutcome.STALE) {
        answeredStale.add(answer.actuator() + "#" + answer.epoch());
      }
    }
    int lost = 0;
    for (long epoch : commands) {
      Set<String> by = applied.getOrDefault(epoch, Set.of());
      for (String actuator : ACTUATORS) {
        boolean superseded =
            answeredStale.contains(actuator + "#" + epoch)
                && newestApplied.getOrDefault(actuator, 0L) > epoch;
        if (!by.contains(actuator) && !superseded) {
          lost++;
          break;
        }
      }
    }
    return lost;
  }

  /**
   * By epoch, when each actuator reported the command APPLIED or UNCHANGED: its first report, from
   * whichever replica.
   */
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
