package io.hybridfailover.cli.live;

import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.InvalidEventException;
import io.hybridfailover.events.RecordKeys;
import io.hybridfailover.events.Topics;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hybrid watch [SERVICE]}: transitions, commands, results and overrides as they happen. */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Follows the verdict transitions, commands, actuation results and operator overrides (of"
          + " one service, or all) as readable lines, like kubectl get -w, from now or from"
          + " --from TIME; --output json prints the CloudEvents as they are on the topics."
          + " Runs until interrupted (Ctrl-C), or for --for DURATION.",
      "Reads by partition assignment, no consumer group, committed records only."
    })
public final class WatchCommand implements Callable<Integer> {

  /** What watch follows: what happened, not every probe or every state snapshot. */
  static final List<String> TOPICS =
      List.of(Topics.TRANSITIONS, Topics.COMMANDS, Topics.RESULTS, Topics.OVERRIDES);

  @Spec CommandSpec spec;

  @Mixin KafkaOptions kafka;

  @Parameters(
      arity = "0..1",
      paramLabel = "SERVICE",
      description = "one service (<namespace>/<name>); default: all")
  String service;

  @Option(
      names = "--from",
      paramLabel = "TIME",
      description =
          "start at this time (RFC 3339, e.g. 2026-11-26T02:10:00Z, or 10m for ten"
              + " minutes ago); default: now")
  String from;

  @Option(
      names = "--for",
      paramLabel = "DURATION",
      converter = TimeText.DurationConverter.class,
      description = "stop after this long (e.g. 5m); default: until interrupted")
  Duration duration;

  @Option(
      names = "--output",
      paramLabel = "text|json",
      defaultValue = "text",
      description = "text (default) or json: one CloudEvent per line")
  String output;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      if (!output.equals("text") && !output.equals("json")) {
        throw LiveCommandException.usage("--output must be text or json, not " + output);
      }
      Instant now = clock.instant();
      Instant start;
      try {
        start = from == null ? null : TimeText.parseTime(from, now);
      } catch (IllegalArgumentException e) {
        throw LiveCommandException.usage("--from: " + e.getMessage());
      }
      boolean json = output.equals("json");
      EventCodec codec = new EventCodec();
      try (TopicReader reader = new TopicReader(kafka.clientProperties())) {
        List<TopicPartition> partitions = reader.assign(TOPICS);
        if (start == null) {
          reader.seek(reader.endOffsets(partitions));
        } else {
          reader.seekToTime(partitions, start);
        }
        long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
          reader.poll(record -> print(record, codec, json, out, err));
          out.flush();
        }
      }
      return 0;
    } catch (LiveCommandException e) {
      err.println("hybrid watch: " + e.getMessage());
      return e.exitCode();
    }
  }

  private void print(
      ConsumerRecord<String, byte[]> record,
      EventCodec codec,
      boolean json,
      PrintWriter out,
      PrintWriter err) {
    if (record.value() == null || !about(record.key())) {
      return;
    }
    Event<?> event;
    try {
      event = codec.decode(record.value());
    } catch (InvalidEventException e) {
      err.println(
          "hybrid watch: "
              + record.topic()
              + " partition "
              + record.partition()
              + " offset "
              + record.offset()
              + " is not a valid event: "
              + e.getMessage());
      return;
    }
    out.println(json ? new String(record.value(), StandardCharsets.UTF_8) : EventLines.line(event));
  }

  /** Whether a record with this key is about the watched service (or an override for all). */
  private boolean about(String key) {
    if (service == null) {
      return true;
    }
    return key != null
        && (key.equals(service)
            || key.startsWith(service + "@")
            || key.equals(RecordKeys.ALL_SERVICES));
  }
}
