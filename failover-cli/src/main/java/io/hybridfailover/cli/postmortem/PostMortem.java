package io.hybridfailover.cli.postmortem;

import io.hybridfailover.decider.replay.JsonLines;
import io.hybridfailover.decider.replay.Replay;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Export, compare and report in one call, for programs that leave a post-mortem behind them (the
 * local drills): the same code as {@code hybrid export}, {@code hybrid replay --compare} and {@code
 * hybrid report}.
 */
public final class PostMortem {

  /**
   * What was written and how long each part took.
   *
   * @param differences the rules' differences from the recording; empty: same decisions
   */
  public record Written(
      Path events,
      Path report,
      long records,
      Duration exportTime,
      Duration reportTime,
      List<String> differences) {}

  private PostMortem() {}

  /**
   * Exports {@code [from, to)} from the broker at {@code client} to {@code events}, then writes
   * {@code report} from it with the decider settings of {@code configs}.
   */
  public static Written write(
      Properties client, Instant from, Instant to, List<Path> configs, Path events, Path report)
      throws IOException, OutputFile.Unwritable {
    ExportCommand.quietKafkaLog();
    long began = System.nanoTime();
    Export.Counts counts;
    try (OutputFile file = OutputFile.open(events)) {
      OutputStream out = new BufferedOutputStream(file.stream(), 1 << 16);
      counts = Export.run(new Export.Request(client, from, to, Set.of()), out, (r, b, upTo) -> {});
      out.flush();
      file.commit();
    }
    Duration exportTime = Duration.ofNanos(System.nanoTime() - began);
    began = System.nanoTime();
    Map<String, String> settings = SettingsArguments.merge(configs, Map.of());
    Comparison rules = new Comparison(null);
    try (InputStream in = Files.newInputStream(events)) {
      new Replay(SettingsArguments.parse(settings))
          .run(new JsonLines(in), rules.listener(events, new PrintWriter(Writer.nullWriter())));
    }
    try (OutputFile file = OutputFile.open(report)) {
      HtmlReport.write(
          Incident.read(events),
          new HtmlReport.Extras(
              events.getFileName().toString(),
              settings.entrySet().stream()
                  .map(e -> e.getKey() + "=" + e.getValue())
                  .collect(Collectors.joining(", ")),
              rules,
              null,
              null),
          file.writer());
      file.commit();
    }
    return new Written(
        events,
        report,
        counts.records(),
        exportTime,
        Duration.ofNanos(System.nanoTime() - began),
        rules.differences());
  }
}
