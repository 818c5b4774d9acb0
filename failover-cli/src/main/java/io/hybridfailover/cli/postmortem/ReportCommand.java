package io.hybridfailover.cli.postmortem;

import io.hybridfailover.decider.replay.JsonLines;
import io.hybridfailover.decider.replay.Replay;
import io.hybridfailover.decider.replay.ReplaySettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hybrid report}: an export as one self-contained HTML page. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the post-mortem of an export (`hybrid export`) as one self-contained HTML file"
          + " (inline SVG and CSS, nothing fetched, readable offline): per service the headline"
          + " figures (time to detect, to route, to recover, time on GKE, failback, moves and"
          + " flaps, commands not applied), a UTC timeline of verdicts, probes, commands, results,"
          + " placement and routing, and the events as a table. It also replays the rules on the"
          + " file (with --config) and says whether they decide the same commands; --what-if adds"
          + " the routing those settings would have given, dashed.",
      "",
      "Exit status: 0 when written; 2 on a bad setting, an unreadable input or an unwritable"
          + " --output."
    })
public final class ReportCommand implements Callable<Integer> {

  static final int EXIT_OK = 0;
  static final int EXIT_INVALID = 2;

  @Spec CommandSpec spec;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "EVENTS.jsonl",
      description = "an export, one CloudEvent per line")
  Path input;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "report.html",
      description = "where to write the page")
  Path output;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "the deployed decider's settings, as for `hybrid replay --config`; repeatable")
  List<Path> configs = new ArrayList<>();

  @Option(
      names = "--what-if",
      paramLabel = "KEY=VALUE",
      description = "a decider setting to try (failback-delay=5m), on top of --config; repeatable")
  Map<String, String> whatIf = new LinkedHashMap<>();

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run(err);
    } finally {
      err.flush();
    }
  }

  private int run(PrintWriter err) {
    long began = System.nanoTime();
    Optional<SettingsArguments.Resolved> base =
        SettingsArguments.resolve("hybrid report", configs, Map.of(), err);
    Optional<SettingsArguments.Resolved> alternative =
        whatIf.isEmpty()
            ? Optional.empty()
            : SettingsArguments.resolve("hybrid report", configs, whatIf, err);
    if (base.isEmpty() || (!whatIf.isEmpty() && alternative.isEmpty())) {
      return EXIT_INVALID;
    }
    if (!Files.isReadable(input) || Files.isDirectory(input)) {
      err.println("hybrid report: cannot read --input " + input);
      return EXIT_INVALID;
    }
    try (OutputFile file = OutputFile.open(output)) {
      Incident incident = Incident.read(input);
      Comparison rules = replay(base.get().settings(), new Comparison(null));
      Comparison whatIfReplay =
          alternative.isEmpty()
              ? null
              : replay(alternative.get().settings(), new Comparison(whatIf));
      String whatIfLabel =
          whatIf.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining(", "));
      String settingsLabel =
          base.get().properties().isEmpty()
              ? "defaults (no --config)"
              : base.get().properties().entrySet().stream()
                  .map(e -> e.getKey() + "=" + e.getValue())
                  .collect(Collectors.joining(", "));
      HtmlReport.write(
          incident,
          new HtmlReport.Extras(
              input.getFileName().toString(), settingsLabel, rules, whatIfLabel, whatIfReplay),
          file.writer());
      file.commit();
      err.printf(
          Locale.ROOT,
          "hybrid report: %d services, %d events, %s; written to %s in %.1f s%n",
          incident.services().size(),
          incident.events(),
          rules.differences().isEmpty()
              ? "same decisions"
              : rules.differences().size() + " differences from the rules",
          output,
          (System.nanoTime() - began) / 1e9);
      return EXIT_OK;
    } catch (OutputFile.Unwritable e) {
      err.println("hybrid report: " + e.getMessage());
      return EXIT_INVALID;
    } catch (IOException | UncheckedIOException e) {
      err.println("hybrid report: " + e.getMessage());
      return EXIT_INVALID;
    }
  }

  /** Replays the input once more (streaming) into {@code comparison}. */
  private Comparison replay(ReplaySettings settings, Comparison comparison) throws IOException {
    try (InputStream in = Files.newInputStream(input)) {
      new Replay(settings)
          .run(new JsonLines(in), comparison.listener(input, new PrintWriter(Writer.nullWriter())));
    }
    return comparison;
  }
}
