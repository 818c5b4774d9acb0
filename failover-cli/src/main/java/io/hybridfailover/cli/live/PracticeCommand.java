package io.hybridfailover.cli.live;

import io.hybridfailover.cli.postmortem.OutputFile;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.FailoverState;
import io.hybridfailover.events.InvalidEventException;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.RecordKeys;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.Transition;
import io.hybridfailover.events.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hybrid practice SERVICE}: a practice failover to GKE and back, timed step by step. */
@Command(
    name = "practice",
    mixinStandardHelpOptions = true,
    description = {
      "A practice failover: moves SERVICE to GKE through the decider (a FORCE_GKE that ends by"
          + " itself after --for, reason \"practice: ...\"), holds it there, then lets the rules"
          + " bring it home (the damped failback), printing the time of each step.",
      "Refuses to start unless the state topic shows the desktop and GKE UP and no operator's"
          + " override holds the service. The decider ends the run at once when GKE stops being UP"
          + " (and this tool releases it itself if the decider has not within 5s); any operator's"
          + " override replaces it. Interrupted, the run still ends by itself at its expiry; to end"
          + " it at once: hybrid release SERVICE.",
      "Exit status 0 when held, released and home; 1 if refused, aborted, replaced, not"
          + " acknowledged within --timeout or not home within --home-timeout; 2 on a usage error;"
          + " 3 if Kafka cannot be reached."
    })
public final class PracticeCommand implements Callable<Integer> {

  /** How long the tool waits for the decider to end a run whose GKE is no longer UP. */
  static final Duration ABORT_GRACE = Duration.ofSeconds(5);

  /** What the practice follows besides the states. */
  static final List<String> FOLLOWED =
      List.of(Topics.TRANSITIONS, Topics.COMMANDS, Topics.RESULTS, Topics.OVERRIDES);

  @Spec CommandSpec spec;

  @Mixin KafkaOptions kafka;

  @Mixin OperatorKey operatorKey;

  @Parameters(index = "0", paramLabel = "SERVICE", description = "<namespace>/<name>")
  String service;

  @Option(
      names = "--for",
      paramLabel = "DURATION",
      defaultValue = "10m",
      description = "how long to hold the service on GKE (default 10m, at most 24h)")
  String duration;

  @Option(
      names = "--reason",
      required = true,
      paramLabel = "TEXT",
      description = "why: goes into the override after \"practice: \"")
  String reason;

  @Option(
      names = "--as",
      paramLabel = "NAME",
      defaultValue = "${sys:user.name}",
      description = "who asks (default: the login name, ${DEFAULT-VALUE})")
  String requestedBy;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = TimeText.DurationConverter.class,
      description = "how long to wait for the decider to move the service or refuse (default 30s)")
  Duration timeout;

  @Option(
      names = "--home-timeout",
      paramLabel = "DURATION",
      defaultValue = "15m",
      converter = TimeText.DurationConverter.class,
      description =
          "after the hold, how long to follow the failback until the service is home (default 15m)")
  Duration homeTimeout;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description =
          "also write the post-mortem report there: JSON if FILE ends in .json, else Markdown")
  Path report;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      String target;
      try {
        target = RecordKeys.service(service);
      } catch (RuntimeException e) {
        throw LiveCommandException.usage("SERVICE " + e.getMessage());
      }
      Duration lasts = ExpiryOptions.parse(duration);
      if (reason.isBlank() || requestedBy == null || requestedBy.isBlank()) {
        throw LiveCommandException.usage("--reason and --as must not be blank");
      }
      String why = reason.strip();
      String practiceReason =
          why.startsWith(OperatorOverride.PRACTICE_PREFIX)
              ? why
              : OperatorOverride.PRACTICE_PREFIX + " " + why;
      OutputFile file = openReport();
      try (file;
          TopicReader reader = new TopicReader(kafka.clientProperties())) {
        Map<String, FailoverState> states =
            new FleetStatus(new PrintWriter(PrintWriter.nullWriter())).states(reader);
        String refused = refusal(states.get(target), target);
        if (refused != null) {
          err.println("hybrid practice: not started: " + refused);
          return LiveCommandException.EXIT_NOT_ACKNOWLEDGED;
        }
        List<TopicPartition> followed = reader.assign(FOLLOWED);
        reader.seek(reader.endOffsets(followed));
        reader.poll(record -> {}); // positions fixed before the override is sent
        Instant now = clock.instant();
        Event<OperatorOverride> override =
            Event.of(
                OverrideRequest.source(),
                new OperatorOverride(
                    target,
                    OverrideAction.FORCE_GKE,
                    practiceReason,
                    requestedBy.strip(),
                    now,
                    now.plus(lasts)));
        PracticeRun run =
            new PracticeRun(
                override,
                step -> {
                  out.println(line(step, override.data().requestedAt()));
                  out.flush();
                });
        ContractClients.send(
            operatorKey.signingAs(kafka.clientProperties(), requestedBy.strip()), override);
        boolean inTime = follow(reader, run, target, lasts, out);
        out.println("hybrid practice: " + target + ": " + run.outcome());
        out.println("  figures (ms): " + run.figures());
        if (file != null) {
          file.writer().write(report.toString().endsWith(".json") ? run.json() : run.markdown());
          file.commit();
          out.println("  report: " + report);
        }
        out.flush();
        boolean completed = run.end() == PracticeRun.End.EXPIRED && run.home() && inTime;
        return completed ? 0 : LiveCommandException.EXIT_NOT_ACKNOWLEDGED;
      } catch (IOException e) {
        throw LiveCommandException.usage("cannot write " + report + ": " + e.getMessage());
      }
    } catch (LiveCommandException e) {
      err.println("hybrid practice: " + e.getMessage());
      return e.exitCode();
    }
  }

  private OutputFile openReport() {
    if (report == null) {
      return null;
    }
    try {
      return OutputFile.open(report);
    } catch (OutputFile.Unwritable e) {
      throw LiveCommandException.usage(e.getMessage());
    }
  }

  /** Why the run must not start, per the state topic; {@code null} if it may. */
  static String refusal(FailoverState state, String service) {
    if (state == null) {
      return service
          + " is not on the state topic: the decider has never shown it (`hybrid status` lists"
          + " the services it knows)";
    }
    Verdict desktop = state.health().getOrDefault(Cluster.DESKTOP, Verdict.UNKNOWN);
    Verdict gke = state.health().getOrDefault(Cluster.GKE, Verdict.UNKNOWN);
    if (desktop != Verdict.UP || gke != Verdict.UP) {
      return "both clusters must be UP, but the desktop is "
          + desktop.wireName()
          + " and gke is "
          + gke.wireName();
    }
    if (state.frozen()) {
      return service
          + " is frozen or forced by an operator (`hybrid status "
          + service
          + "` says by whom); a practice run never replaces an operator's override";
    }
    return null;
  }

  /**
   * Follows the run until it is finished, or the decider has not answered within {@code timeout},
   * or the service is not home {@code home-timeout} after the hold. Whether it finished in time.
   */
  private boolean follow(
      TopicReader reader, PracticeRun run, String target, Duration lasts, PrintWriter out) {
    EventCodec codec = new EventCodec();
    Instant started = clock.instant();
    Instant answerBy = started.plus(timeout);
    Instant homeBy = started.plus(lasts).plus(homeTimeout);
    boolean releasedByTool = false;
    while (!run.finished()) {
      Instant now = clock.instant();
      if (!run.moved() && run.end() == PracticeRun.End.NONE && now.isAfter(answerBy)) {
        out.println(
            "hybrid practice: the decider neither moved nor refused it within "
                + TimeText.age(timeout)
                + "; the override stays on the topic and ends by itself at its expiry (a decider that"
                + " checks signatures dead-letters an override not signed with the key it trusts"
                + " for --as: its log and the .dlq topic say why)");
        return false;
      }
      if (now.isAfter(homeBy)) {
        out.println("hybrid practice: not home within --home-timeout " + TimeText.age(homeTimeout));
        return false;
      }
      Instant gkeNotUp = run.gkeNotUpAt();
      if (!releasedByTool
          && run.end() == PracticeRun.End.NONE
          && gkeNotUp != null
          && now.isAfter(gkeNotUp.plus(ABORT_GRACE))) {
        releasedByTool = true;
        OperatorOverride release =
            new OperatorOverride(
                target,
                OverrideAction.RELEASE,
                OperatorOverride.PRACTICE_PREFIX + " aborted, gke is not UP",
                requestedBy.strip(),
                now);
        run.abortedByTool(now, "gke not UP since " + gkeNotUp + "; RELEASE sent");
        ContractClients.send(
            operatorKey.signingAs(kafka.clientProperties(), requestedBy.strip()),
            Event.of(OverrideRequest.source(), release));
      }
      reader.poll(record -> feed(record, codec, run, target));
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  private static void feed(
      ConsumerRecord<String, byte[]> record, EventCodec codec, PracticeRun run, String target) {
    String key = record.key();
    if (record.value() == null
        || key == null
        || !(key.equals(target)
            || key.startsWith(target + "@")
            || key.equals(RecordKeys.ALL_SERVICES))) {
      return;
    }
    Event<?> event;
    try {
      event = codec.decode(record.value());
    } catch (InvalidEventException e) {
      return; // not ours to judge: the decider dead-letters what it cannot read
    }
    if (event.data() instanceof Transition t) {
      run.onTransition(t);
    } else if (event.data() instanceof io.hybridfailover.events.Command c) {
      run.onCommand(c);
    } else if (event.data() instanceof ActuationResult r) {
      run.onResult(r);
    } else if (event.data() instanceof OperatorOverride) {
      run.onOverride((Event<OperatorOverride>) event);
    }
  }

  private static String line(PracticeRun.Step step, Instant requested) {
    return String.format(
        Locale.ROOT,
        "  %s  %+8.1fs  %-36s %s",
        step.at(),
        Duration.between(requested, step.at()).toMillis() / 1000.0,
        step.name(),
        step.detail());
  }
}
