package io.hybridfailover.cli.postmortem;

import io.hybridfailover.decider.replay.Replay;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Routing;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code replay --compare}: the commands the replay decides against the commands recorded in the
 * same file, per service and by epoch: mode, routing, placement, and time within {@link
 * #TOLERANCE}. An export that starts after a service's first command (its first recorded epoch is
 * above 1) is compared in epoch order from there: the replay's first epoch is matched with the
 * first recorded one. With settings given ({@code --set}), it is a what-if: the incident as it went
 * and as it would have gone, side by side.
 */
public final class Comparison {

  /**
   * How far apart a recorded and a decided command may be issued and still be the same: two ticks.
   * The decider ticks on its wall clock and the replay on event time, so a timer-driven command
   * (failback steps, drain) fires on grids up to one tick out of phase; the second tick is the
   * decider's own processing time, which on a busy machine is a few hundred milliseconds.
   */
  public static final Duration TOLERANCE = Replay.TICK.multipliedBy(2);

  private final Map<String, String> whatIf;
  private final Map<String, CommandHistory> recorded = new TreeMap<>();
  private final Map<String, CommandHistory> decided = new TreeMap<>();
  private Instant end;

  /**
   * @param whatIf the settings changed for a what-if, or null for a plain comparison
   */
  public Comparison(Map<String, String> whatIf) {
    this.whatIf = whatIf;
  }

  /**
   * Collects the recorded and decided commands while the replay runs; problems go to {@code err}.
   */
  public Replay.Listener listener(Path input, PrintWriter err) {
    return new Replay.Listener() {
      @Override
      public void input(int lineNumber, Event<?> event) {
        end = end == null || event.time().isAfter(end) ? event.time() : end;
        if (event.data() instanceof Command command) {
          recorded.computeIfAbsent(command.service(), s -> new CommandHistory()).add(command);
        }
      }

      @Override
      public void emitted(Event<?> event) {
        if (event.data() instanceof Command command) {
          decided.computeIfAbsent(command.service(), s -> new CommandHistory()).add(command);
        }
      }

      @Override
      public void problem(Replay.InvalidLine problem) {
        err.println(input + ":" + problem.lineNumber() + ": " + problem.reason());
      }
    };
  }

  /** The recorded commands per service. */
  public Map<String, CommandHistory> recorded() {
    return recorded;
  }

  /** The commands the replay decided per service. */
  public Map<String, CommandHistory> decided() {
    return decided;
  }

  /** The differences, one line each (service first); empty when the decisions are the same. */
  public List<String> differences() {
    List<String> differences = new ArrayList<>();
    TreeMap<String, Boolean> services = new TreeMap<>();
    recorded.keySet().forEach(s -> services.put(s, true));
    decided.keySet().forEach(s -> services.put(s, true));
    for (String service : services.keySet()) {
      List<Command> was = commands(recorded, service);
      List<Command> would = commands(decided, service);
      long offset =
          was.isEmpty() || would.isEmpty() ? 0 : was.get(0).epoch() - would.get(0).epoch();
      for (int i = 0; i < Math.max(was.size(), would.size()); i++) {
        Command a = i < was.size() ? was.get(i) : null;
        Command b = i < would.size() ? would.get(i) : null;
        if (b == null) {
          differences.add(
              service
                  + " epoch "
                  + a.epoch()
                  + ": recorded "
                  + describe(a)
                  + "; the rules decide no such command");
        } else if (a == null) {
          differences.add(
              service
                  + " epoch "
                  + (b.epoch() + offset)
                  + ": the rules decide "
                  + describe(b)
                  + "; no such command was recorded");
        } else {
          List<String> what = new ArrayList<>();
          if (a.mode() != b.mode()) {
            what.add("mode " + a.mode() + " recorded, " + b.mode() + " decided");
          }
          if (!a.routing().equals(b.routing())) {
            what.add(
                "routing "
                    + weights(a.routing())
                    + " recorded, "
                    + weights(b.routing())
                    + " decided");
          }
          if (a.placement() != b.placement()) {
            what.add("placement " + a.placement() + " recorded, " + b.placement() + " decided");
          }
          Duration gap = Duration.between(a.issuedAt(), b.issuedAt()).abs();
          if (gap.compareTo(TOLERANCE) > 0) {
            what.add(
                "issued at "
                    + a.issuedAt()
                    + " recorded, "
                    + b.issuedAt()
                    + " decided ("
                    + gap.toMillis()
                    + " ms apart, more than "
                    + TOLERANCE.toMillis()
                    + " ms)");
          }
          if (!what.isEmpty()) {
            differences.add(service + " epoch " + a.epoch() + ": " + String.join("; ", what));
          }
        }
      }
    }
    return differences;
  }

  /**
   * Prints the verdict (or the what-if) to {@code out}.
   *
   * @return whether the decisions are the same
   */
  public boolean print(PrintWriter out) {
    List<String> differences = differences();
    if (whatIf != null) {
      printWhatIf(out);
      return differences.isEmpty();
    }
    if (differences.isEmpty()) {
      int commands = recorded.values().stream().mapToInt(h -> h.commands().size()).sum();
      out.println(
          "same decisions ("
              + commands
              + " commands of "
              + recorded.size()
              + " services compared)");
    } else {
      out.println(differences.size() + " differences:");
      differences.forEach(d -> out.println("  " + d));
    }
    return differences.isEmpty();
  }

  private void printWhatIf(PrintWriter out) {
    String settings =
        whatIf.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", "));
    TreeMap<String, Boolean> services = new TreeMap<>();
    recorded.keySet().forEach(s -> services.put(s, true));
    decided.keySet().forEach(s -> services.put(s, true));
    String format = "  %-26s %-44s %s%n";
    out.println("what-if " + settings + ": how the incident went, and how it would have gone");
    if (services.isEmpty()) {
      out.println("  no commands recorded or decided");
    }
    for (String service : services.keySet()) {
      CommandHistory was = recorded.getOrDefault(service, new CommandHistory());
      CommandHistory would = decided.getOrDefault(service, new CommandHistory());
      out.println(service);
      out.printf(Locale.ROOT, format, "", "recorded", "what-if");
      out.printf(Locale.ROOT, format, "traffic moves", was.moves().size(), would.moves().size());
      for (int i = 0; i < Math.max(was.moves().size(), would.moves().size()); i++) {
        out.printf(
            Locale.ROOT, format, "  move " + (i + 1), move(was.moves(), i), move(would.moves(), i));
      }
      out.printf(
          Locale.ROOT,
          format,
          "traffic off the desktop",
          duration(was.offDesktop(end)) + (was.stillOffDesktop() ? " (not back at the end)" : ""),
          duration(would.offDesktop(end))
              + (would.stillOffDesktop() ? " (not back at the end)" : ""));
      for (int i = 0; i < Math.max(was.failbacks().size(), would.failbacks().size()); i++) {
        out.printf(
            Locale.ROOT,
            format,
            "  failback " + (i + 1),
            failback(was.failbacks(), i),
            failback(would.failbacks(), i));
      }
      out.printf(Locale.ROOT, format, "flaps", was.flaps(), would.flaps());
    }
  }

  private static String move(List<CommandHistory.Move> moves, int i) {
    if (i >= moves.size()) {
      return "-";
    }
    CommandHistory.Move move = moves.get(i);
    return Timestamps.utc(move.at()) + " " + weights(move.routing());
  }

  private static String failback(List<CommandHistory.Failback> failbacks, int i) {
    if (i >= failbacks.size()) {
      return "-";
    }
    CommandHistory.Failback f = failbacks.get(i);
    return Timestamps.utc(f.start()) + " +" + duration(f.duration());
  }

  private static List<Command> commands(Map<String, CommandHistory> histories, String service) {
    CommandHistory history = histories.get(service);
    return history == null ? List.of() : history.commands();
  }

  static String describe(Command c) {
    return c.mode()
        + " "
        + weights(c.routing())
        + " placement "
        + c.placement()
        + " at "
        + c.issuedAt();
  }

  static String weights(Routing r) {
    return "desktop " + r.desktop() + "/gke " + r.gke();
  }

  static String duration(Duration d) {
    return Timestamps.duration(d);
  }
}
