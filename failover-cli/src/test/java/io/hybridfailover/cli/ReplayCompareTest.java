package io.hybridfailover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.cli.postmortem.CommandHistory;
import io.hybridfailover.cli.postmortem.Comparison;
import io.hybridfailover.cli.postmortem.Incidents;
import io.hybridfailover.decider.replay.JsonLines;
import io.hybridfailover.decider.replay.Replay;
import io.hybridfailover.decider.replay.ReplaySettings;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.Routing;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code hybrid replay --compare}, and the what-if with {@code --set}. */
class ReplayCompareTest {

  private static final Instant T0 = Incidents.T0;
  private static final Map<String, String> PRODUCTION = Incidents.PRODUCTION;

  private final EventCodec codec = new EventCodec();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path dir;

  @Test
  void anHonestExportGivesTheSameDecisions() throws Exception {
    Path export = write(recordedIncident(null));

    assertEquals(0, compare(export), err.toString());

    assertTrue(
        out.toString().startsWith("same decisions (5 commands of 1 services"), out.toString());
  }

  @Test
  void aPlantedDifferenceIsFoundAndNamed() throws Exception {
    // The recorded second step of the failback says 75 % on the desktop; the rules say 50.
    Path export =
        write(recordedIncident(c -> c.epoch() == 3 ? withRouting(c, Routing.desktop(75)) : c));

    assertEquals(1, compare(export), err.toString());

    String report = out.toString();
    assertTrue(report.startsWith("1 differences:"), report);
    assertTrue(
        report.contains(
            "shop/web epoch 3: routing desktop 75/gke 25 recorded, desktop 50/gke 50 decided"),
        report);
  }

  @Test
  void aCommandIssuedLaterThanTheToleranceIsADifference() throws Exception {
    Path export =
        write(
            recordedIncident(
                c ->
                    c.epoch() == 1
                        ? at(c, c.issuedAt().plus(Comparison.TOLERANCE).plusMillis(100))
                        : c));

    assertEquals(1, compare(export), err.toString());

    assertTrue(out.toString().contains("shop/web epoch 1: issued at"), out.toString());
  }

  @Test
  void theWhatIfOfFailbackDelayMovesTheFailbackByTheDifference() throws Exception {
    List<String> lines = recordedIncident(null);
    Map<String, String> whatIf = Map.of("failback-delay", "40s");

    Comparison comparison = new Comparison(whatIf);
    Map<String, String> settings = new java.util.HashMap<>(PRODUCTION);
    settings.put("hybrid.decider.failback-delay", "40s");
    new Replay(ReplaySettings.fromProperties(settings))
        .run(
            new JsonLines(
                new ByteArrayInputStream(
                    String.join("\n", lines).getBytes(StandardCharsets.UTF_8))),
            comparison.listener(dir, new PrintWriter(err)));

    CommandHistory recorded = comparison.recorded().get("shop/web");
    CommandHistory decided = comparison.decided().get("shop/web");
    Instant recordedFailback = recorded.failbacks().get(0).start();
    Instant whatIfFailback = decided.failbacks().get(0).start();
    Duration moved = Duration.between(recordedFailback, whatIfFailback);
    assertTrue(
        Math.abs(moved.minusSeconds(30).toMillis()) <= Replay.TICK.toMillis(),
        "failback-delay 10s -> 40s moves the failback by 30 s, not " + moved);
    assertEquals(
        recorded.moves().get(0).at(),
        decided.moves().get(0).at(),
        "the failover itself is the same");

    // The command line prints both, side by side, and exits 0: differences are the point.
    Path export = write(lines);
    assertEquals(
        0,
        run(
            "replay",
            "--compare",
            "--input",
            export.toString(),
            "--set",
            "expected-probers=3",
            "--set",
            "failback-step-interval=5s",
            "--set",
            "drain=5s",
            "--set",
            "failback-delay=40s"),
        err.toString());
    assertTrue(out.toString().contains("what-if"), out.toString());
    assertTrue(out.toString().contains("traffic off the desktop"), out.toString());
  }

  private int compare(Path export) {
    Path config;
    try {
      config = Incidents.productionConfig(dir);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return run("replay", "--compare", "--input", export.toString(), "--config", config.toString());
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    CommandLine cli = HybridCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path write(List<String> lines) throws Exception {
    Path file = dir.resolve("events.jsonl");
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  /**
   * An outage and its recovery as the live decider would have recorded them: the observations, and
   * the decider's commands (as its own events, after the observation that caused them), optionally
   * changed by {@code plant}.
   */
  private List<String> recordedIncident(java.util.function.UnaryOperator<Command> plant) {
    List<Event<?>> observations = new ArrayList<>();
    Incidents.rounds(observations, T0, 4, Outcome.UP);
    Incidents.rounds(observations, T0.plusSeconds(1), 8, Outcome.DOWN);
    Incidents.rounds(observations, T0.plusSeconds(3), 400, Outcome.UP);
    List<String> input = observations.stream().map(codec::encodeToString).toList();
    List<Event<?>> decided = new ArrayList<>();
    new Replay(ReplaySettings.fromProperties(PRODUCTION))
        .run(
            input.stream().map(l -> new JsonLines.Line(0, l, null)).toList().iterator(),
            new Replay.Listener() {
              @Override
              public void emitted(Event<?> event) {
                if (event.data() instanceof Command command) {
                  Command recorded = plant == null ? command : plant.apply(command);
                  decided.add(
                      Event.of("live-" + command.epoch(), "/failover-decider/live", recorded));
                }
              }
            });
    List<Event<?>> all = new ArrayList<>(observations);
    all.addAll(decided);
    // Merged by time as an export is; a command goes after the observations of its instant.
    all.sort(Comparator.comparing(Event::time));
    return all.stream().map(codec::encodeToString).toList();
  }

  private static Command withRouting(Command c, Routing routing) {
    return new Command(
        c.commandId(),
        c.service(),
        c.epoch(),
        c.mode(),
        routing,
        c.placement(),
        c.reason(),
        c.causedBy(),
        c.dryRun(),
        c.issuedAt());
  }

  private static Command at(Command c, Instant issuedAt) {
    return new Command(
        c.commandId(),
        c.service(),
        c.epoch(),
        c.mode(),
        c.routing(),
        c.placement(),
        c.reason(),
        c.causedBy(),
        c.dryRun(),
        issuedAt);
  }
}
