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
    assertTrue(err.toString().contains("hybrid.decider.quarkus.http.port"), err.toString());
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

  @Test
  void aLineThatIsNotUtf8IsReportedAndSkippedAndTheRestReplayed() throws Exception {
    Path input = dir.resolve("events.jsonl");
    List<String> lines = outage();
    try (var file = Files.newOutputStream(input)) {
      file.write((lines.get(0) + "\n").getBytes(StandardCharsets.UTF_8));
      file.write(new byte[] {'{', (byte) 0xFF, '}', '\n'});
      for (String line : lines.subList(1, lines.size())) {
        file.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }

    assertEquals(2, run("replay", "--input", input.toString(), "--set", "expected-probers=3"));

    assertTrue(err.toString().contains(input + ":2: not UTF-8"), err.toString());
    assertTrue(out.toString().contains("FAILED_OVER"), "the other lines were replayed");
    assertTrue(
        err.toString().contains(": " + (lines.size() + 1) + " lines: " + lines.size() + " events"),
        err.toString());
  }

  @Test
  void anUnwritableOutputIsRefusedInOneLineBeforeAnyWork() throws Exception {
    Path input = write(outage());
    Path missing = dir.resolve("no-such-dir").resolve("out.jsonl");

    assertEquals(2, run("replay", "--input", input.toString(), "--output", missing.toString()));
    assertEquals(1, err.toString().lines().count(), err.toString());
    assertTrue(err.toString().startsWith("hybrid replay: cannot write " + missing), err.toString());

    err.getBuffer().setLength(0);
    assertEquals(2, run("replay", "--input", input.toString(), "--output", dir.toString()));
    assertEquals(1, err.toString().lines().count(), err.toString());
    assertTrue(err.toString().contains("is a directory"), err.toString());
  }

  @Test
  void aSummaryLineSaysHowManyLinesWereEvents() throws Exception {
    List<String> lines = outage();
    Path input = write(lines);

    assertEquals(0, run("replay", "--input", input.toString(), "--output", out("o.jsonl")));

    assertTrue(
        err.toString().contains(lines.size() + " lines: " + lines.size() + " events, 0 invalid"),
        err.toString());
  }

  @Test
  void configReadsTheDeployedDecidersPropertiesAndEnvironment() throws Exception {
    Path input = write(outage());
    // Without it the replay assumes one prober: its quorum of 1 fails over on the first prober.
    Path properties = dir.resolve("application.properties");
    Files.writeString(
        properties,
        "quarkus.application.name=failover-decider\n"
            + "hybrid.decider.expected-probers=1\n"
            + "%prod.hybrid.decider.expected-probers=3\n"
            + "%test.hybrid.decider.expected-probers=7\n"
            + "hybrid.decider.fall=1\n");
    Path env = dir.resolve("decider.env");
    Files.writeString(env, "HYBRID_DECIDER_FALL=5\nJAVA_TOOL_OPTIONS=-Xmx1g\n");

    assertEquals(
        0,
        run(
            "replay",
            "--input",
            input.toString(),
            "--config",
            properties.toString(),
            "--config",
            env.toString(),
            "--summary"));
    // fall 5 (the environment wins over the properties' 1): four DOWN rounds are not enough.
    assertTrue(out.toString().contains("no commands"), out.toString());
    out.getBuffer().setLength(0);
    assertEquals(
        0,
        run("replay", "--input", input.toString(), "--config", properties.toString(), "--summary"));
    // fall 1 from the properties, quorum 2 of the %prod expected-probers 3: on the first DOWN.
    assertTrue(out.toString().contains("03:00:01Z  epoch 1    FAILED_OVER"), out.toString());
    assertTrue(out.toString().contains("quorum 2/3"), out.toString());
  }

  @Test
  void theStandardOutputIsUtf8WhateverThePlatformCharset() {
    java.io.PrintStream original = System.out;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    try {
      System.setOut(new java.io.PrintStream(captured, true, StandardCharsets.ISO_8859_1));
      PrintWriter stdout = HybridCommand.commandLine().getOut();
      stdout.print("é");
      stdout.flush();
    } finally {
      System.setOut(original);
    }
    assertArrayEquals(new byte[] {(byte) 0xC3, (byte) 0xA9}, captured.toByteArray());
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
