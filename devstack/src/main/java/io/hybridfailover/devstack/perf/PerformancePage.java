package io.hybridfailover.devstack.perf;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes {@code docs/performance.md} from what the drills and the benchmarks left under {@code
 * target/}: {@code target/drill/summary.json} (or, without it, every {@code target/drill/*.json}
 * merged), and the benchmarks' saved output in {@code target/bench/} (the HAProxy baseline, the
 * decider's end-to-end benchmark, the core's JMH run). Nothing on the page is typed by hand: run it
 * again after new runs. {@link #render} is pure; {@link #call} reads the files.
 */
@Command(
    name = "perf-page",
    mixinStandardHelpOptions = true,
    description = "docs/performance.md from target/drill/*.json and target/bench/*.txt")
public final class PerformancePage implements java.util.concurrent.Callable<Integer> {

  /** The benchmark outputs the page takes, by file name under {@code target/bench/}. */
  static final String HAPROXY = "haproxy.txt";

  static final String THROUGHPUT = "decider-throughput.txt";
  static final String JMH = "decider-core-jmh.txt";
  static final String SESSION_CURVE = "decider-session-curve.txt";

  @Option(names = "--root", description = "the repository (default: the working directory)")
  Path root = Path.of("");

  @Option(names = "--output", description = "default: <root>/docs/performance.md")
  Path output;

  /**
   * Everything the page shows.
   *
   * @param generatedAt when the page is written
   * @param machine what it was run on, one line
   * @param drillSource which file(s) the drills came from, and when they were written
   * @param drills one map per drill, in the form of {@code summary.json}'s entries
   * @param bench benchmark outputs by file name (absent: not run)
   */
  public record Inputs(
      Instant generatedAt,
      String machine,
      String drillSource,
      List<Map<String, Object>> drills,
      Map<String, String> bench) {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new PerformancePage()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    Path drillDir = root.resolve("target").resolve("drill");
    Path summary = drillDir.resolve("summary.json");
    List<Map<String, Object>> drills = new ArrayList<>();
    String source;
    ObjectMapper json = new ObjectMapper();
    TypeReference<Map<String, Object>> map = new TypeReference<>() {};
    if (Files.isRegularFile(summary)) {
      Map<String, Object> all = json.readValue(summary.toFile(), map);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> list = (List<Map<String, Object>>) all.get("drills");
      drills.addAll(list);
      source = "`target/drill/summary.json` (`./demo --all`, written " + modified(summary) + ")";
    } else {
      List<Path> files;
      try (Stream<Path> listing =
          Files.isDirectory(drillDir) ? Files.list(drillDir) : Stream.empty()) {
        files =
            listing
                .filter(p -> p.getFileName().toString().endsWith(".json"))
                .sorted(Comparator.comparing(PerformancePage::modifiedInstant))
                .toList();
      }
      List<String> names = new ArrayList<>();
      for (Path file : files) {
        drills.add(json.readValue(file.toFile(), map));
        names.add("`" + file.getFileName() + "` (" + modified(file) + ")");
      }
      source =
          files.isEmpty()
              ? "no drill has run (`target/drill/` is empty)"
              : "one `./demo <drill>` each: " + String.join(", ", names);
    }
    Map<String, String> bench = new LinkedHashMap<>();
    for (String name : List.of(HAPROXY, THROUGHPUT, JMH, SESSION_CURVE)) {
      Path file = root.resolve("target").resolve("bench").resolve(name);
      if (Files.isRegularFile(file)) {
        bench.put(name, Files.readString(file, StandardCharsets.UTF_8));
      }
    }
    Inputs inputs =
        new Inputs(Instant.now().truncatedTo(ChronoUnit.SECONDS), machine(), source, drills, bench);
    Path out = output != null ? output : root.resolve("docs").resolve("performance.md");
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, render(inputs), StandardCharsets.UTF_8);
    System.out.println("perf-page: wrote " + out + " (" + drills.size() + " drills)");
    return 0;
  }

  /** The page, from its inputs alone. */
  public static String render(Inputs in) {
    StringBuilder md = new StringBuilder();
    md.append("# Performance\n\n");
    md.append(
        "<!-- Generated by bin/perf-page from target/drill and target/bench: do not edit. -->\n\n");
    md.append("Generated ")
        .append(in.generatedAt())
        .append(" by `bin/perf-page` on ")
        .append(in.machine())
        .append(". Drills: ")
        .append(in.drillSource())
        .append(
            ". What each drill does and what each figure means: [drills.md](drills.md); how the"
                + " benchmarks are run: [benchmarks.md](benchmarks.md); earlier measurements:"
                + " [CHANGELOG.md](../CHANGELOG.md#investigations).\n\n");
    drills(md, in.drills());
    haproxy(md, in.bench().get(HAPROXY), in.drills());
    stages(md, in.drills());
    sessionCurve(md, in.bench().get(SESSION_CURVE));
    throughput(md, in.bench().get(THROUGHPUT));
    jmh(md, in.bench().get(JMH));
    return md.toString();
  }

  private static void drills(StringBuilder md, List<Map<String, Object>> drills) {
    md.append("## Drills\n\n");
    if (drills.isEmpty()) {
      md.append(
          "No drill figures: run `./demo <drill>` or `./demo --all`, then `bin/perf-page`.\n\n");
      return;
    }
    md.append(
        "| drill | result | detection | failover | failback | recovery | routing changes | lost"
            + " | stale | dead letters (unexpected) | availability | epochs |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Map<String, Object> d : drills) {
      md.append("| `")
          .append(d.get("drill"))
          .append("` | ")
          .append(Boolean.TRUE.equals(d.get("passed")) ? "pass" : "**FAIL**")
          .append(" | ")
          .append(ms(d.get("detectionMs")))
          .append(" | ")
          .append(ms(d.get("failoverMs")))
          .append(" | ")
          .append(ms(d.get("failbackMs")))
          .append(" | ")
          .append(ms(d.get("recoveryMs")))
          .append(" | ")
          .append(orDash(d.get("routingChanges")))
          .append(" | ")
          .append(orDash(d.get("lostCommands")))
          .append(" | ")
          .append(orDash(d.get("staleWrites")))
          .append(" | ")
          .append(deadLetters(d.get("deadLetters")))
          .append(" (")
          .append(orDash(d.get("unexpectedDeadLetters")))
          .append(") | ")
          .append(percent(d.get("availabilityPct")))
          .append(" | ")
          .append(epochs(d.get("epochs")))
          .append(" |\n");
    }
    md.append('\n');
    List<String> failures = new ArrayList<>();
    for (Map<String, Object> d : drills) {
      Object f = d.get("failures");
      if (f instanceof List<?> list && !list.isEmpty()) {
        list.forEach(line -> failures.add("`" + d.get("drill") + "`: " + line));
      }
      Object checks = d.get("expectations");
      if (checks instanceof List<?> list) {
        for (Object check : list) {
          if (check instanceof Map<?, ?> c && Boolean.FALSE.equals(c.get("passed"))) {
            failures.add(
                "`" + d.get("drill") + "`: " + c.get("expectation") + ": " + c.get("detail"));
          }
        }
      }
    }
    if (!failures.isEmpty()) {
      md.append("Failed expectations:\n\n");
      failures.forEach(f -> md.append("- ").append(f).append('\n'));
      md.append('\n');
    }
  }

  private static void haproxy(
      StringBuilder md, String output, List<Map<String, Object>> drillsList) {
    md.append("## Against HAProxy\n\n");
    if (output == null) {
      md.append(
          "The baseline was not measured for this page: `bin/perf-page --haproxy` runs"
              + " [bench/haproxy_failover.py](../bench/haproxy_failover.py) first.\n\n");
      return;
    }
    md.append(
            "[bench/haproxy_failover.py](../bench/haproxy_failover.py) `10 250`: HAProxy with the"
                + " drills' checks (every 250 ms, fall 3, rise 3), ten outages, time from the outage to"
                + " the first request answered by the backup:\n\n```\n")
        .append(output.strip())
        .append("\n```\n\n");
    Optional<Long> median = haproxyMedian(output);
    if (median.isPresent()) {
      for (Map<String, Object> d : drillsList) {
        if ("outage".equals(d.get("drill")) && d.get("failoverMs") instanceof Number f) {
          md.append(
              String.format(
                  Locale.ROOT,
                  "`outage` failed over in %,d ms: %+,d ms against HAProxy's median (%,d ms).%n%n",
                  f.longValue(),
                  f.longValue() - median.get(),
                  median.get()));
        }
      }
    }
  }

  /** The median of the script's "failover ms: min A median B max C" line. */
  static Optional<Long> haproxyMedian(String output) {
    for (String line : output.split("\n")) {
      int at = line.indexOf("median ");
      if (line.startsWith("failover ms:") && at >= 0) {
        String rest = line.substring(at + "median ".length()).trim();
        String number = rest.split("\\s+")[0];
        try {
          return Optional.of(Long.parseLong(number));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private static void stages(StringBuilder md, List<Map<String, Object>> drills) {
    List<Map<String, Object>> with =
        drills.stream()
            .filter(d -> d.get("stagesMs") instanceof Map<?, ?> m && !m.isEmpty())
            .toList();
    if (with.isEmpty()) {
      return;
    }
    md.append("## Where the failover's time went (`stagesMs`)\n\n");
    md.append(
        "Milliseconds from the first fault to each stage of the first failover, in pipeline"
            + " order ([the stages](drills.md#stagesms)).\n\n");
    // One column per drill, one row per stage, in the order of the first drill that has it.
    List<String> keys = new ArrayList<>();
    for (Map<String, Object> d : with) {
      for (Object key : ((Map<?, ?>) d.get("stagesMs")).keySet()) {
        if (!keys.contains(String.valueOf(key))) {
          keys.add(String.valueOf(key));
        }
      }
    }
    md.append("| stage |");
    with.forEach(d -> md.append(" `").append(d.get("drill")).append("` |"));
    md.append("\n|---|");
    with.forEach(d -> md.append("---:|"));
    md.append('\n');
    for (String key : keys) {
      md.append("| `").append(key).append("` |");
      for (Map<String, Object> d : with) {
        md.append(' ').append(orDash(((Map<?, ?>) d.get("stagesMs")).get(key))).append(" |");
      }
      md.append('\n');
    }
    md.append('\n');
  }

  /**
   * A section's heading; false, with a line saying how to get its figures, when its benchmark's
   * output is not there.
   */
  private static boolean heading(StringBuilder md, String title, String output, String howToRun) {
    md.append("## ").append(title).append("\n\n");
    if (output == null) {
      md.append("Not run for this page: ").append(howToRun).append("\n\n");
      return false;
    }
    return true;
  }

  private static String savedAs(String file) {
    return "see [benchmarks.md](benchmarks.md) (save its output as `target/bench/" + file + "`).";
  }

  private static void sessionCurve(StringBuilder md, String output) {
    if (!heading(
        md,
        "The decider's hand-over against its session",
        output,
        "`bin/decider-session-curve` (about 6 minutes per session; it writes `target/bench/"
            + SESSION_CURVE
            + "`).")) {
      return;
    }
    md.append(
        "`bin/decider-session-curve`: per session, `decider-crash` (takeover) and `decider-load`"
            + " (sessions lost under a busy machine and forced full GCs), as printed:\n\n");
    md.append(output.strip()).append("\n\n");
  }

  private static void throughput(StringBuilder md, String output) {
    if (!heading(md, "The decider service end to end", output, savedAs(THROUGHPUT))) {
      return;
    }
    md.append("`DeciderThroughputBench`, its output as printed:\n\n");
    for (String line : output.split("\n")) {
      if (line.startsWith("## ")) {
        md.append("### ").append(line.substring(3)).append('\n');
      } else if (!line.startsWith("benchmark:")) {
        md.append(line).append('\n');
      }
    }
    md.append('\n');
  }

  private static void jmh(StringBuilder md, String output) {
    if (!heading(md, "The decision core alone (JMH)", output, savedAs(JMH))) {
      return;
    }
    // JMH ends with its result table after "Benchmark  Mode  Cnt  Score  Error  Units".
    List<String> lines = List.of(output.split("\n"));
    int from = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("Benchmark ")) {
        from = i;
      }
    }
    md.append("```\n");
    (from < 0 ? lines : lines.subList(from, lines.size()))
        .forEach(line -> md.append(line).append('\n'));
    md.append("```\n\n");
  }

  private static String ms(Object value) {
    return value instanceof Number n ? String.format(Locale.ROOT, "%,d ms", n.longValue()) : "-";
  }

  private static String percent(Object value) {
    return value instanceof Number n ? String.format(Locale.ROOT, "%.2f %%", n.doubleValue()) : "-";
  }

  private static String orDash(Object value) {
    return value == null ? "-" : String.valueOf(value);
  }

  private static String deadLetters(Object value) {
    if (value instanceof Map<?, ?> m) {
      return String.valueOf(m.values().stream().mapToLong(v -> ((Number) v).longValue()).sum());
    }
    return "-";
  }

  private static String epochs(Object value) {
    if (value instanceof List<?> list && !list.isEmpty()) {
      return list.size() == 1
          ? String.valueOf(list.get(0))
          : list.get(0) + "-" + list.get(list.size() - 1);
    }
    return "none";
  }

  private static Instant modifiedInstant(Path file) {
    try {
      return Files.getLastModifiedTime(file).toInstant();
    } catch (IOException e) {
      return Instant.EPOCH;
    }
  }

  private static String modified(Path file) {
    return modifiedInstant(file).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** The CPU model and count, the OS and the Java version, one line. */
  private static String machine() {
    String cpu = "";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .map(l -> l.substring(l.indexOf(':') + 1).trim() + ", ")
              .findFirst()
              .orElse("");
    } catch (IOException | RuntimeException e) {
      // Not Linux: the count alone.
    }
    return cpu
        + Runtime.getRuntime().availableProcessors()
        + " cores, "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.version")
        + ", Java "
        + System.getProperty("java.version");
  }
}
