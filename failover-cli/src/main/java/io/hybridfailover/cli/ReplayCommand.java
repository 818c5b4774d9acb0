package io.hybridfailover.cli;

import io.hybridfailover.cli.postmortem.Comparison;
import io.hybridfailover.cli.postmortem.OutputFile;
import io.hybridfailover.cli.postmortem.SettingsArguments;
import io.hybridfailover.decider.replay.JsonLines;
import io.hybridfailover.decider.replay.Replay;
import io.hybridfailover.decider.replay.ReplaySettings;
import io.hybridfailover.decider.replay.ReplaySummary;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hybrid replay}: what the decider decides on a recorded stream of events. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Replays a JSON-lines file of contract events (as dumped from the topics, in the order they"
          + " were consumed, e.g. by `hybrid export`) through the decision core and writes the"
          + " transitions and commands it emits, as CloudEvents JSON lines (UTF-8). The same input"
          + " and settings give byte-identical output.",
      "",
      "With --compare, it compares the commands it decides with the commands recorded in the"
          + " file instead (per service, by epoch: mode, routing, placement, time within two ticks"
          + " of 250 ms) and prints \"same decisions\" or each difference. With --compare and"
          + " --set it is a what-if: how the incident would have gone with those settings, side"
          + " by side with what happened.",
      "",
      "Exit status: 0 when every input line was a valid event (and, with --compare, the"
          + " decisions are the same); 1 when --compare finds a difference; 2 when lines were"
          + " skipped or reported (not UTF-8, not an event, a clock outlier: each on stderr with"
          + " its line number; the rest is replayed), or on a bad setting or file."
    })
final class ReplayCommand implements Callable<Integer> {

  static final int EXIT_OK = 0;
  static final int EXIT_DIFFERENT = 1;
  static final int EXIT_INVALID = 2;

  @Spec CommandSpec spec;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "EVENTS.jsonl",
      description = "the events to replay, one CloudEvent per line")
  Path input;

  @Option(
      names = "--output",
      paramLabel = "OUT.jsonl",
      description = "where to write the emitted events (default: standard output)")
  Path output;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "the deployed decider's settings: its application.properties (ConfigMap) or its"
              + " environment as KEY=VALUE lines (kubectl set env deployment/failover-decider"
              + " --list); repeatable, later files win, environment form wins over properties")
  List<Path> configs = new ArrayList<>();

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "a decider setting (failback-delay=30s or hybrid.decider.failback-delay=30s), on top of"
              + " --config; repeatable")
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(
      names = "--summary",
      description =
          "print, per service, each mode change (time, epoch, routing, reason) and how long each"
              + " failover and failback took; without --output, this replaces the event lines on"
              + " standard output")
  boolean summary;

  @Option(
      names = "--compare",
      description =
          "compare the decided commands with those recorded in the input (with --set: what-if)")
  boolean compare;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    try {
      return run(out, err);
    } finally {
      out.flush();
      err.flush();
    }
  }

  private int run(PrintWriter out, PrintWriter err) {
    Optional<SettingsArguments.Resolved> resolved =
        SettingsArguments.resolve("hybrid replay", configs, settings, err);
    if (resolved.isEmpty()) {
      return EXIT_INVALID;
    }
    ReplaySettings replaySettings = resolved.get().settings();
    if (!Files.isReadable(input) || Files.isDirectory(input)) {
      err.println("hybrid replay: cannot read --input " + input);
      return EXIT_INVALID;
    }
    if (compare) {
      return compare(replaySettings, out, err);
    }
    OutputFile file = null;
    try {
      if (output != null) {
        file = OutputFile.open(output);
      }
      Writer lines = file != null ? file.writer() : summary ? Writer.nullWriter() : out;
      List<Event<?>> emitted = new ArrayList<>();
      EventCodec codec = new EventCodec();
      Replay.Counts counts =
          replay(
              replaySettings,
              new Replay.Listener() {
                @Override
                public void emitted(Event<?> event) {
                  try {
                    // \n line ends on every platform: the output must be the same bytes everywhere.
                    lines.write(codec.encodeToString(event));
                    lines.write('\n');
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                  if (summary) {
                    emitted.add(event);
                  }
                }

                @Override
                public void problem(Replay.InvalidLine problem) {
                  err.println(input + ":" + problem.lineNumber() + ": " + problem.reason());
                }
              });
      if (file != null) {
        file.commit();
      }
      if (summary) {
        out.print(ReplaySummary.of(emitted));
      }
      err.println("hybrid replay: " + input + ": " + counts.summaryLine());
      hintWithoutConfig(err);
      return counts.clean() ? EXIT_OK : EXIT_INVALID;
    } catch (OutputFile.Unwritable e) {
      err.println("hybrid replay: " + e.getMessage());
      return EXIT_INVALID;
    } catch (IOException | UncheckedIOException e) {
      err.println("hybrid replay: " + e.getMessage());
      return EXIT_INVALID;
    } finally {
      closeQuietly(file);
    }
  }

  private int compare(ReplaySettings replaySettings, PrintWriter out, PrintWriter err) {
    Comparison comparison = new Comparison(settings.isEmpty() ? null : settings);
    Replay.Counts counts;
    try {
      counts = replay(replaySettings, comparison.listener(input, err));
    } catch (IOException | UncheckedIOException e) {
      err.println("hybrid replay: " + e.getMessage());
      return EXIT_INVALID;
    }
    boolean same = comparison.print(out);
    err.println("hybrid replay: " + input + ": " + counts.summaryLine());
    hintWithoutConfig(err);
    if (!counts.clean()) {
      return EXIT_INVALID;
    }
    return same || !settings.isEmpty() ? EXIT_OK : EXIT_DIFFERENT;
  }

  private void hintWithoutConfig(PrintWriter err) {
    if (configs.isEmpty()) {
      err.println(
          "hybrid replay: no --config: the decider's defaults applied (expected-probers=1 unless"
              + " --set); pass the deployed decider's settings to replay as production decided");
    }
  }

  private Replay.Counts replay(ReplaySettings replaySettings, Replay.Listener listener)
      throws IOException {
    try (InputStream in = Files.newInputStream(input)) {
      return new Replay(replaySettings).run(new JsonLines(in), listener);
    }
  }

  private static void closeQuietly(OutputFile file) {
    if (file != null) {
      try {
        file.close();
      } catch (IOException e) {
        // the partial file stays; nothing else to do
      }
    }
  }
}
