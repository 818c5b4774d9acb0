package io.hybridfailover.cli.postmortem;

import io.hybridfailover.cli.live.KafkaOptions;
import io.hybridfailover.cli.live.LiveCommandException;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hybrid export}: an incident's events, cut out of the six contract topics. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Reads the six contract topics between two times (committed records only, located with"
          + " the broker's time index) and writes one CloudEvent per line, merged by record"
          + " timestamp in the order the decider consumed them, byte for byte the record values:"
          + " the input of `hybrid replay` and `hybrid report`.",
      "",
      "Needs no consumer group: the Kafka user needs only Describe and Read on the six topics"
          + " (the operator user). Progress goes to stderr.",
      "",
      "Exit status: 0 when exported; 1 when Kafka refused or could not be reached; 2 on a bad"
          + " argument or an unwritable --output."
    })
public final class ExportCommand implements Callable<Integer> {

  static final int EXIT_OK = 0;
  static final int EXIT_KAFKA = 1;
  static final int EXIT_INVALID = 2;

  @Spec CommandSpec spec;

  /** --bootstrap and --command-config, or HYBRID_BOOTSTRAP / HYBRID_COMMAND_CONFIG, as live. */
  @Mixin KafkaOptions kafka;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "TIME",
      description = "inclusive: RFC 3339 (2026-11-23T10:15:00Z) or relative to now (-2h, -30m)")
  String from;

  @Option(
      names = "--to",
      defaultValue = "now",
      paramLabel = "TIME",
      description = "exclusive, same forms (default: ${DEFAULT-VALUE})")
  String to;

  @Option(
      names = "--service",
      paramLabel = "NS/NAME",
      description =
          "keep only this service's records (and those about all services, *); repeatable")
  List<String> services = new ArrayList<>();

  @Option(
      names = "--output",
      paramLabel = "EVENTS.jsonl",
      description = "where to write (default: standard output)")
  Path output;

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
    Instant now = Instant.now();
    Instant start;
    Instant end;
    try {
      start = TimeArgument.parse(from, now);
      end = TimeArgument.parse(to, now);
    } catch (IllegalArgumentException e) {
      err.println("hybrid export: " + e.getMessage());
      return EXIT_INVALID;
    }
    if (!start.isBefore(end)) {
      err.println("hybrid export: --from " + start + " is not before --to " + end);
      return EXIT_INVALID;
    }
    Properties client;
    try {
      client = kafka.clientProperties();
    } catch (LiveCommandException e) {
      err.println("hybrid export: " + e.getMessage());
      return EXIT_INVALID;
    }
    quietKafkaLog();
    OutputFile file = null;
    try {
      if (output != null) {
        file = OutputFile.open(output);
      }
      OutputStream out =
          file != null
              ? file.stream()
              : new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
      OutputStream buffered = file != null ? new BufferedOutputStream(out, 1 << 16) : out;
      long began = System.nanoTime();
      Export.Counts counts =
          Export.run(
              new Export.Request(client, start, end, new LinkedHashSet<>(services)),
              buffered,
              (records, bytes, upTo) -> {
                err.printf(
                    Locale.ROOT,
                    "hybrid export: %d records, %.1f MB, up to %s (%d %% of the window)%n",
                    records,
                    bytes / 1e6,
                    upTo,
                    percent(start, end, upTo));
                err.flush();
              });
      buffered.flush();
      if (file != null) {
        file.commit();
      }
      err.printf(
          Locale.ROOT,
          "hybrid export: %d records from %d partitions, %s to %s, in %.1f s%s%n",
          counts.records(),
          counts.partitions(),
          start,
          end,
          (System.nanoTime() - began) / 1e9,
          output == null ? "" : ", written to " + output);
      return EXIT_OK;
    } catch (OutputFile.Unwritable e) {
      err.println("hybrid export: " + e.getMessage());
      return EXIT_INVALID;
    } catch (AuthorizationException e) {
      err.println(
          "hybrid export: Kafka refused: "
              + e.getMessage()
              + " (the user needs Describe and Read on the six contract topics)");
      return EXIT_KAFKA;
    } catch (AuthenticationException e) {
      err.println("hybrid export: Kafka refused the credentials: " + e.getMessage());
      return EXIT_KAFKA;
    } catch (TimeoutException e) {
      err.println(
          "hybrid export: no answer from Kafka at "
              + client.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)
              + ": "
              + e.getMessage());
      return EXIT_KAFKA;
    } catch (KafkaException | IOException e) {
      err.println("hybrid export: " + e);
      return EXIT_KAFKA;
    } finally {
      if (file != null) {
        try {
          file.close();
        } catch (IOException e) {
          // nothing more to say
        }
      }
    }
  }

  private static long percent(Instant start, Instant end, Instant upTo) {
    long window = Duration.between(start, end).toMillis();
    return window <= 0 ? 100 : Math.max(0, Duration.between(start, upTo).toMillis() * 100 / window);
  }

  /**
   * The Kafka client's own log: warnings and errors only, on stderr; its connection retries say
   * nothing (the export's own last line names the servers it could not reach).
   */
  static void quietKafkaLog() {
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    setIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient", "error");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
