package io.hybridfailover.cli;

import io.hybridfailover.decider.core.DeciderSettings;
import io.hybridfailover.decider.core.DeciderSettingsSet;
import io.hybridfailover.decider.core.InvalidSettingException;
import io.hybridfailover.decider.replay.Replay;
import io.hybridfailover.decider.replay.ReplaySummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
          + " were consumed) through the decision core and writes the transitions and commands it"
          + " emits, as CloudEvents JSON lines. The same input and settings give byte-identical"
          + " output.",
      "",
      "Exit status: 0 when every input line was a valid event, 2 otherwise (invalid lines are"
          + " reported on stderr with their number and skipped) or on a bad setting."
    })
final class ReplayCommand implements Callable<Integer> {

  static final int EXIT_OK = 0;
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
      names = "--set",
      paramLabel = "hybrid.decider.KEY=VALUE",
      description = "a decider setting, as in the service's configuration; repeatable")
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(
      names = "--summary",
      description =
          "print, per service, each mode change (time, epoch, routing, reason) and how long each"
              + " failover and failback took; without --output, this replaces the event lines on"
              + " standard output")
  boolean summary;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    for (String key : settings.keySet()) {
      if (!key.startsWith(DeciderSettings.PREFIX)) {
        err.println(
            "hybrid replay: --set "
                + key
                + ": only decider settings ("
                + DeciderSettings.PREFIX
                + "KEY) apply");
        return EXIT_INVALID;
      }
    }
    DeciderSettingsSet decider;
    try {
      decider = DeciderSettingsSet.fromProperties(settings);
    } catch (InvalidSettingException e) {
      err.println("hybrid replay: " + e.getMessage());
      return EXIT_INVALID;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(input, StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.println("hybrid replay: cannot read " + input + ": " + e);
      return EXIT_INVALID;
    }
    Replay.Result result = new Replay(decider).run(lines);

    for (Replay.InvalidLine invalid : result.invalidLines()) {
      err.println(input + ":" + invalid.lineNumber() + ": " + invalid.reason());
    }
    if (output != null) {
      try (Writer file = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
        writeLines(file, result.outputLines());
      }
    } else if (!summary) {
      writeLines(out, result.outputLines());
    }
    if (summary) {
      out.print(ReplaySummary.of(result.output()));
    }
    out.flush();
    err.flush();
    return result.invalidLines().isEmpty() ? EXIT_OK : EXIT_INVALID;
  }

  /** {@code \n} line ends on every platform: the output must be the same bytes everywhere. */
  private static void writeLines(Writer writer, List<String> lines) throws IOException {
    for (String line : lines) {
      writer.write(line);
      writer.write('\n');
    }
  }
}
