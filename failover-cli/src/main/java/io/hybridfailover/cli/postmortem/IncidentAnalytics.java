package io.hybridfailover.cli.postmortem;

import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.Transition;
import io.hybridfailover.events.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a post-mortem reads out of one service's record: when the fault began, when it was detected,
 * routed and recovered from, and which commands did not apply (pure: no I/O). The report's headline
 * figures are these, as text.
 */
final class IncidentAnalytics {

  static final Set<ActuationOutcome> APPLIED =
      Set.of(ActuationOutcome.APPLIED, ActuationOutcome.UNCHANGED);

  /** One headline figure: a label and its value, as shown. */
  record Figure(String label, String value) {}

  private IncidentAnalytics() {}

  /** The commands of a service as a history: moves, time off the desktop, failbacks, flaps. */
  static CommandHistory history(Incident.Service service) {
    CommandHistory history = new CommandHistory();
    service.commands().forEach(c -> history.add(c.data()));
    return history;
  }

  /**
   * The headline figures of one service.
   *
   * @param end the end of the incident (time on GKE counts until then)
   * @param whatIfLabel the what-if settings, one line (null: no what-if)
   * @param whatIf what the what-if would have commanded (null: nothing, or no what-if)
   */
  static List<Figure> figures(
      Incident.Service service,
      CommandHistory history,
      Instant end,
      String whatIfLabel,
      CommandHistory whatIf) {
    List<Figure> rows = new ArrayList<>();
    List<Transition> downs = desktopDownVerdicts(service);
    List<String> downTimes = new ArrayList<>();
    downs.stream().limit(8).forEach(t -> downTimes.add(Timestamps.clock(t.at())));
    rows.add(
        new Figure(
            "desktop DOWN verdicts",
            downs.isEmpty()
                ? "none"
                : downs.size()
                    + ": "
                    + String.join(", ", downTimes)
                    + (downs.size() > 8 ? ", ..." : "")));
    int outage = 0;
    for (Transition t : downs) {
      // Only a DOWN while traffic is all on the desktop starts a failover worth timing; later
      // ones (a flapping desktop while on GKE) are counted above.
      if (desktopWeightBefore(service, t.at()) < 100) {
        continue;
      }
      outage++;
      String n = outage > 1 ? " #" + outage : "";
      Instant detected = t.at();
      Instant fault = faultStart(service, detected);
      if (fault != null) {
        rows.add(
            new Figure(
                "time to detect" + n,
                Timestamps.duration(Duration.between(fault, detected))
                    + " (first DOWN probe "
                    + Timestamps.clock(fault)
                    + ")"));
      }
      Command routed = firstOffDesktop(service, detected);
      if (routed != null) {
        Instant applied = appliedAt(service, routed);
        rows.add(
            new Figure(
                "time to route" + n,
                "decided "
                    + Timestamps.duration(Duration.between(detected, routed.issuedAt()))
                    + (applied == null
                        ? ", never applied"
                        : ", applied " + Timestamps.duration(Duration.between(detected, applied)))
                    + " (epoch "
                    + routed.epoch()
                    + ")"));
      } else {
        rows.add(new Figure("time to route" + n, "traffic did not move"));
      }
      Instant up = desktopUpAfter(service, detected);
      if (up != null) {
        rows.add(
            new Figure(
                "time to recover" + n,
                Timestamps.duration(Duration.between(fault == null ? detected : fault, up))
                    + " (desktop UP again "
                    + Timestamps.clock(up)
                    + ")"));
      }
    }
    rows.add(
        new Figure(
            "time on GKE",
            Timestamps.duration(history.offDesktop(end))
                + (history.stillOffDesktop() ? " (not back at the end)" : "")));
    rows.add(new Figure("failback", failbacks(history)));
    rows.add(new Figure("moves / flaps", history.moves().size() + " / " + history.flaps()));
    List<String> notApplied = notApplied(service);
    rows.add(
        new Figure(
            "commands not applied",
            notApplied.isEmpty()
                ? "none"
                : notApplied.size() + ": " + String.join("; ", notApplied)));
    if (whatIfLabel != null) {
      CommandHistory would = whatIf == null ? new CommandHistory() : whatIf;
      rows.add(
          new Figure(
              "what-if " + whatIfLabel,
              would.moves().size()
                  + " moves ("
                  + moveTimes(would)
                  + "), "
                  + Timestamps.duration(would.offDesktop(end))
                  + " on GKE"
                  + (would.stillOffDesktop() ? " (not back by the end of the file)" : "")
                  + ", failback "
                  + failbacks(would)
                  + " — recorded: "
                  + history.moves().size()
                  + " moves ("
                  + moveTimes(history)
                  + ")"));
    }
    return rows;
  }

  /** The desktop's changes to DOWN, in order. */
  static List<Transition> desktopDownVerdicts(Incident.Service service) {
    List<Transition> downs = new ArrayList<>();
    for (Event<Transition> event : service.transitions()) {
      Transition t = event.data();
      if (t.cluster() == Cluster.DESKTOP && t.to() == Verdict.DOWN && t.from() != Verdict.DOWN) {
        downs.add(t);
      }
    }
    return downs;
  }

  /** Every transition of the desktop to DOWN (as the overview counts them). */
  static long desktopDownTransitions(Incident.Service service) {
    return service.transitions().stream()
        .map(Event::data)
        .filter(t -> t.cluster() == Cluster.DESKTOP && t.to() == Verdict.DOWN)
        .count();
  }

  /** How many probes of the service failed, over every prober, cluster and check. */
  static long downProbes(Incident.Service service) {
    return service.observations().values().stream()
        .flatMap(List::stream)
        .filter(run -> run.outcome() == Outcome.DOWN)
        .mapToLong(Incident.Run::count)
        .sum();
  }

  private static String failbacks(CommandHistory history) {
    List<String> failbacks = new ArrayList<>();
    for (CommandHistory.Failback f : history.failbacks()) {
      failbacks.add(Timestamps.duration(f.duration()) + " from " + Timestamps.clock(f.start()));
    }
    return failbacks.isEmpty() ? "-" : String.join("; ", failbacks);
  }

  private static String moveTimes(CommandHistory history) {
    List<String> times = new ArrayList<>();
    for (CommandHistory.Move move : history.moves()) {
      times.add(Timestamps.clock(move.at()) + " desktop " + move.routing().desktop());
    }
    return times.isEmpty() ? "none" : String.join(", ", times);
  }

  /** The earliest start of a desktop DOWN run (http) still going on shortly before detection. */
  static Instant faultStart(Incident.Service service, Instant detected) {
    Instant earliest = null;
    for (Map.Entry<String, List<Incident.Run>> row : service.observations().entrySet()) {
      if (!row.getKey().startsWith(Cluster.DESKTOP.wireName() + " /")
          || !row.getKey().endsWith("/ http")) {
        continue;
      }
      Incident.Run latest = null;
      for (Incident.Run run : row.getValue()) {
        if (!run.from().isAfter(detected)) {
          latest = run;
        }
      }
      if (latest != null
          && latest.outcome() == Outcome.DOWN
          && (earliest == null || latest.from().isBefore(earliest))) {
        earliest = latest.from();
      }
    }
    return earliest;
  }

  /** The desktop's weight just before {@code at}, as the last command before it set it. */
  static int desktopWeightBefore(Incident.Service service, Instant at) {
    int weight = 100;
    for (Event<Command> c : service.commands()) {
      if (c.data().issuedAt().isBefore(at)) {
        weight = c.data().routing().desktop();
      }
    }
    return weight;
  }

  static Command firstOffDesktop(Incident.Service service, Instant after) {
    for (Event<Command> c : service.commands()) {
      if (!c.data().issuedAt().isBefore(after) && c.data().routing().desktop() < 100) {
        return c.data();
      }
    }
    return null;
  }

  /** When the traffic-switcher (or, without it, any actuator) applied the command. */
  static Instant appliedAt(Incident.Service service, Command command) {
    Instant any = null;
    for (Event<ActuationResult> r : service.results()) {
      ActuationResult result = r.data();
      if (result.epoch() == command.epoch() && APPLIED.contains(result.outcome())) {
        if (result.actuator().contains("traffic")) {
          return result.completedAt();
        }
        any = any == null ? result.completedAt() : any;
      }
    }
    return any;
  }

  static Instant desktopUpAfter(Incident.Service service, Instant after) {
    for (Event<Transition> event : service.transitions()) {
      Transition t = event.data();
      if (t.cluster() == Cluster.DESKTOP && t.to() == Verdict.UP && t.at().isAfter(after)) {
        return t.at();
      }
    }
    return null;
  }

  /**
   * Each command (not a dry run) without an APPLIED or UNCHANGED answer from every actuator that
   * answered it. An actuator running several replicas answers once per replica: it applied the
   * command if any of them did (the others find the object as asked, or lag behind a newer
   * command), and it is named here only if none did, with what its replicas answered.
   */
  static List<String> notApplied(Incident.Service service) {
    List<String> notApplied = new ArrayList<>();
    for (Event<Command> event : service.commands()) {
      Command c = event.data();
      if (c.dryRun()) {
        continue;
      }
      // Per actuator, the outcomes its replicas answered, in the order they came.
      Map<String, Set<ActuationOutcome>> answers = new LinkedHashMap<>();
      for (Event<ActuationResult> r : service.results()) {
        if (r.data().epoch() == c.epoch() && r.data().commandId().equals(c.commandId())) {
          answers
              .computeIfAbsent(r.data().actuator(), a -> new LinkedHashSet<>())
              .add(r.data().outcome());
        }
      }
      List<String> bad = new ArrayList<>();
      answers.forEach(
          (actuator, outcomes) -> {
            if (outcomes.stream().noneMatch(APPLIED::contains)) {
              bad.add(
                  actuator
                      + " "
                      + String.join("/", outcomes.stream().map(ActuationOutcome::name).toList()));
            }
          });
      if (answers.isEmpty()) {
        notApplied.add("epoch " + c.epoch() + " no result");
      } else if (!bad.isEmpty()) {
        notApplied.add("epoch " + c.epoch() + " " + String.join(", ", bad));
      }
    }
    return notApplied;
  }
}
