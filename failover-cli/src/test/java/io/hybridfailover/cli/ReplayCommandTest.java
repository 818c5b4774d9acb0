package io.hybridfailover.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.Outcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReplayCommandTest {

  private static final Instant T0 = Instant.parse("2026-11-23T03:00:00Z");

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void writesTheSameBytesOnEveryRunAndExitsZeroForValidInput() throws Exception {
    Path input = write(outage());

    assertEquals(
        0,
        run(
            "replay",
            "--input",
            input.toString(),
            "--output",
            out("a.jsonl"),
            "--set",
            "hybrid.decider.expected-probers=3"));
    assertEquals(
        0,
        run(
            "replay",
            "--input",
            input.toString(),
            "--output",
            out("b.jsonl"),
            "--set",
            "hybrid.decider.expected-probers=3"));

    byte[] first = Files.readAllBytes(dir.resolve("a.jsonl"));
    assertArrayEquals(first, Files.readAllBytes(dir.resolve("b.jsonl")));
    assertTrue(new String(first, StandardCharsets.UTF_8).contains("\"mode\":\"FAILED_OVER\""));
  }

  @Test
  void writesToStandardOutputWithoutOutput() throws Exception {
    Path input = write(outage());

    assertEquals(
        0,
        run("replay", "--input", input.toString(), "--set", "hybrid.decider.expected-probers=3"));

    assertTrue(
        out.toString()
            .lines()
            .anyMatch(line -> line.contains("io.hybridfailover.failover.command.v1")));
  }

  @Test
  void reportsInvalidLinesWithTheirNumberSkipsThemAndExitsTwo() throws Exception {
    List<String> lines = outage();
    lines.add(1, "this is not an event");
    Path input = write(lines);

    assertEquals(
        2,
        run("replay", "--input", input.toString(), "--set", "hybrid.decider.expected-probers=3"));

    assertTrue(err.toString().contains(input + ":2: not JSON"), err.toString());
    assertTrue(out.toString().contains("FAILED_OVER"), "the valid lines were replayed");
  }

  @Test
  void aBadSettingIsRefusedNamingItsKey() throws Exception {
    Path input = write(outage());

    assertEquals(2, run("replay", "--input", input.toString(), "--set", "hybrid.decider.fall=0"));
    assertTrue(err.toString().contains("hybrid.decider.fall"), err.toString());

    assertEquals(2, run("replay", "--input", input.toString(), "--set", "quarkus.http.port=1"));
    assertTrue(err.toString().contains("only decider settings"), err.toString());
  }

  @Test
  void theSummaryShowsModeChangesAndTheFailoverDuration() throws Exception {
    Path input = write(outage());

    assertEquals(
        0,
        run(
            "replay",
            "--input",
            input.toString(),
            "--summary",
            "--set",
            "hybrid.decider.expected-probers=3"));

    String summary = out.toString();
    assertTrue(summary.startsWith("shop/web\n"), summary);
    assertTrue(summary.contains("FAILED_OVER"), summary);
    assertTrue(summary.contains("failover: desktop DOWN at"), summary);
    assertTrue(summary.lines().noneMatch(line -> line.startsWith("{")), "no event lines");
  }

  private int run(String... args) {
    CommandLine cli = HybridCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private String out(String name) {
    return dir.resolve(name).toString();
  }

  private Path write(List<String> lines) throws Exception {
    Path file = dir.resolve("events.jsonl");
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  /** Three probers see both sides UP for a second, then the desktop DOWN for a second. */
  private static List<String> outage() {
    EventCodec codec = new EventCodec();
    List<String> lines = new ArrayList<>();
    int id = 0;
    for (int i = 0; i < 8; i++) {
      Instant at = T0.plusMillis(250L * i);
      for (String prober : List.of("prober-a", "prober-b", "prober-c")) {
        for (Cluster cluster : Cluster.values()) {
          Outcome outcome = cluster == Cluster.DESKTOP && i >= 4 ? Outcome.DOWN : Outcome.UP;
          lines.add(
              codec.encodeToString(
                  Event.of(
                      "in-" + id++,
                      "/health-prober/" + prober,
                      new Observation(
                          "shop/web", cluster, Check.HTTP, prober, outcome, 4, null, null, at))));
        }
      }
    }
    return lines;
  }
}
