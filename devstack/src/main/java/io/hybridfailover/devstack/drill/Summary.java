package io.hybridfailover.devstack.drill;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The figures of several drills side by side: one table on screen, one JSON summary (pure). */
public final class Summary {

  /**
   * One drill's line.
   *
   * @param figures null when the drill could not run (its world did not start)
   * @param failures the expectations it did not meet, or why it could not run
   */
  public record Line(String drill, Figures figures, List<String> failures, long wallMs) {
    public Line {
      failures = List.copyOf(failures);
    }

    public boolean passed() {
      return figures != null && failures.isEmpty();
    }
  }

  private static final String FORMAT = "%-15s %-6s %10s %10s %10s %6s %6s %8s %10s %9s %8s%n";

  private Summary() {}

  /** The table, then each failed drill's failures. */
  public static String table(List<Line> lines) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            FORMAT,
            "drill",
            "result",
            "failoverMs",
            "failbackMs",
            "recoveryMs",
            "lost",
            "stale",
            "dlq",
            "unexpected",
            "avail %",
            "wall s"));
    for (Line line : lines) {
      Figures f = line.figures();
      out.append(
          String.format(
              Locale.ROOT,
              FORMAT,
              line.drill(),
              line.passed() ? "PASS" : "FAIL",
              f == null ? "-" : orDash(f.failoverMs()),
              f == null ? "-" : orDash(f.failbackMs()),
              f == null ? "-" : orDash(f.faults().recoveryMs()),
              f == null ? "-" : f.faults().lostCommands(),
              f == null ? "-" : f.faults().staleWrites(),
              f == null ? "-" : deadLetters(f),
              f == null ? "-" : f.faults().unexpectedDeadLetters(),
              f == null ? "-" : String.format(Locale.ROOT, "%.2f", f.availabilityPct()),
              line.wallMs() / 1000));
    }
    for (Line line : lines) {
      if (!line.passed()) {
        out.append(line.drill()).append(" FAILED:\n");
        line.failures().forEach(f -> out.append("  ").append(f).append('\n'));
      }
    }
    long failed = lines.stream().filter(l -> !l.passed()).count();
    out.append(
        failed == 0
            ? "All " + lines.size() + " drills passed.\n"
            : failed + " of " + lines.size() + " drills FAILED.\n");
    return out.toString();
  }

  /** For target/drill/summary.json. */
  public static Map<String, Object> json(List<Line> lines) {
    List<Map<String, Object>> drills = new ArrayList<>();
    for (Line line : lines) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("drill", line.drill());
      one.put("passed", line.passed());
      one.put("wallMs", line.wallMs());
      Figures f = line.figures();
      if (f != null) {
        one.put("detectionMs", f.detectionMs());
        one.put("failoverMs", f.failoverMs());
        one.put("failbackMs", f.failbackMs());
        one.put("recoveryMs", f.faults().recoveryMs());
        one.put("lostCommands", f.faults().lostCommands());
        one.put("staleWrites", f.faults().staleWrites());
        one.put("deadLetters", f.faults().deadLetters());
        one.put("unexpectedDeadLetters", f.faults().unexpectedDeadLetters());
        one.put("routingChanges", f.routingChanges());
        one.put("availabilityPct", f.availabilityPct());
        one.put("epochs", f.epochs());
        one.put("stagesMs", f.stagesMs());
      }
      one.put("failures", line.failures());
      drills.add(one);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("passed", lines.stream().allMatch(Line::passed));
    summary.put("drills", drills);
    return summary;
  }

  private static String deadLetters(Figures f) {
    return String.valueOf(
        f.faults().deadLetters().values().stream().mapToLong(Long::longValue).sum());
  }

  private static String orDash(Long value) {
    return value == null ? "-" : String.valueOf(value);
  }

  /** Every failure of one drill, one line each: which expectation, and why. */
  public static List<String> failures(
      Drill drill, Figures figures, List<Moment> timeline, DrillSettings settings) {
    return drill.expectations().stream()
        .flatMap(
            e ->
                e.violation(figures, timeline, settings).stream()
                    .map(v -> e.description() + ": " + v))
        .collect(Collectors.toList());
  }
}
