package io.hybridfailover.cli.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.FailoverState;
import io.hybridfailover.events.OperatorOverride;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hybrid status [SERVICE]}: the decider's latest state of every service, from Kafka. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "One line per service from the compacted state topic: mode, epoch, routing (desktop/gke"
          + " weights), placement, each cluster's verdict, the age of the newest observation per"
          + " cluster, how long the service has been in its mode, and whether it is automatic,"
          + " frozen or forced (by whom, why, since when and until when, from the overrides"
          + " topic).",
      "Reads by partition assignment, no consumer group. Exit status 0; 1 if SERVICE is not"
          + " known to the decider; 2 on a usage error; 3 if Kafka cannot be read."
    })
public final class StatusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin KafkaOptions kafka;

  @Parameters(
      arity = "0..1",
      paramLabel = "SERVICE",
      description = "one service (<namespace>/<name>); default: all")
  String service;

  @Option(
      names = "--output",
      paramLabel = "text|json",
      defaultValue = "text",
      description = "text (default) or json: an array of objects, for scripts")
  String output;

  @Option(
      names = "--observations",
      paramLabel = "DURATION",
      defaultValue = "2m",
      converter = TimeText.DurationConverter.class,
      description =
          "how far back to look for the newest observation of each cluster (default 2m; 0 skips"
              + " the observations topic)")
  Duration observationWindow;

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
      List<ServiceStatus> statuses =
          new FleetStatus(err)
              .read(kafka.clientProperties(), Optional.ofNullable(service), observationWindow, now);
      if (output.equals("json")) {
        out.println(json(statuses, now));
      } else {
        text(statuses, now).forEach(out::println);
      }
      out.flush();
      if (service != null && statuses.isEmpty()) {
        err.println(
            "hybrid status: "
                + service
                + " is not on the state topic: the decider has not seen it (is it in the service"
                + " catalog, and is a prober observing it?)");
        return LiveCommandException.EXIT_NOT_ACKNOWLEDGED;
      }
      return 0;
    } catch (LiveCommandException e) {
      err.println("hybrid status: " + e.getMessage());
      return e.exitCode();
    }
  }

  /** The table: a header and one line per service, columns aligned. */
  static List<String> text(List<ServiceStatus> statuses, Instant now) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "SERVICE",
          "MODE",
          "EPOCH",
          "ROUTING",
          "PLACEMENT",
          "VERDICTS",
          "OBSERVED",
          "IN MODE",
          "CONTROL"
        });
    for (ServiceStatus status : statuses) {
      FailoverState state = status.state();
      rows.add(
          new String[] {
            state.service(),
            state.mode().wireName(),
            Long.toString(state.epoch()),
            "desktop=" + state.routing().desktop() + " gke=" + state.routing().gke(),
            state.placement().wireName(),
            "desktop=" + verdict(state, Cluster.DESKTOP) + " gke=" + verdict(state, Cluster.GKE),
            "desktop="
                + observedAge(status, Cluster.DESKTOP, now)
                + " gke="
                + observedAge(status, Cluster.GKE, now),
            TimeText.age(Duration.between(state.since(), now)),
            control(status, now)
          });
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(row[i]);
        if (i < row.length - 1) {
          line.append(" ".repeat(widths[i] - row[i].length() + 2));
        }
      }
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }

  private static String verdict(FailoverState state, Cluster cluster) {
    return state.health().containsKey(cluster) ? state.health().get(cluster).wireName() : "-";
  }

  private static String observedAge(ServiceStatus status, Cluster cluster, Instant now) {
    Instant at = status.observed().get(cluster);
    return at == null ? "-" : TimeText.age(Duration.between(at, now));
  }

  /** "auto", or "frozen by alice 3m12s ago: planned maintenance". */
  static String control(ServiceStatus status, Instant now) {
    if (!status.state().frozen()) {
      return "auto";
    }
    if (status.override().isEmpty()) {
      return status.control() + " (the override is no longer on the overrides topic)";
    }
    OperatorOverride override = status.override().get().data();
    return status.control()
        + " by "
        + override.requestedBy()
        + " "
        + TimeText.age(Duration.between(override.requestedAt(), now))
        + " ago"
        + (override.service().equals("*") ? " (--all)" : "")
        + ": "
        + override.reason()
        + " "
        + expiry(override, now);
  }

  /** "[until 2026-11-26T14:00:00.000Z, in 3h59m]" or "[until released]". */
  static String expiry(OperatorOverride override, Instant now) {
    return override.expiresAt() == null
        ? "[until released]"
        : "[until "
            + override.expiresAt()
            + ", in "
            + TimeText.age(Duration.between(now, override.expiresAt()))
            + "]";
  }

  static String json(List<ServiceStatus> statuses, Instant now) {
    ObjectMapper mapper = new ObjectMapper();
    ArrayNode array = mapper.createArrayNode();
    for (ServiceStatus status : statuses) {
      FailoverState state = status.state();
      ObjectNode node = array.addObject();
      node.put("service", state.service());
      node.put("mode", state.mode().wireName());
      node.put("epoch", state.epoch());
      node.putObject("routing")
          .put("desktop", state.routing().desktop())
          .put("gke", state.routing().gke());
      node.put("placement", state.placement().wireName());
      node.put("since", state.since().toString());
      ObjectNode health = node.putObject("health");
      state
          .health()
          .forEach((cluster, verdict) -> health.put(cluster.wireName(), verdict.wireName()));
      node.put("control", status.control());
      node.put("frozen", state.frozen());
      if (status.forcedTo() != null) {
        node.put("forcedTo", status.forcedTo().wireName());
      }
      status
          .override()
          .ifPresent(
              event -> {
                OperatorOverride override = event.data();
                ObjectNode held = node.putObject("override");
                held.put("id", event.id())
                    .put("service", override.service())
                    .put("action", override.action().wireName())
                    .put("requestedBy", override.requestedBy())
                    .put("reason", override.reason())
                    .put("requestedAt", override.requestedAt().toString());
                if (override.expiresAt() != null) {
                  held.put("expiresAt", override.expiresAt().toString());
                  held.put("practice", override.practice());
                }
              });
      ObjectNode observed = node.putObject("newestObservation");
      status.observed().forEach((cluster, at) -> observed.put(cluster.wireName(), at.toString()));
      ObjectNode ages = node.putObject("observationAgeMs");
      status
          .observed()
          .forEach(
              (cluster, at) -> ages.put(cluster.wireName(), Duration.between(at, now).toMillis()));
    }
    return array.toString();
  }
}
