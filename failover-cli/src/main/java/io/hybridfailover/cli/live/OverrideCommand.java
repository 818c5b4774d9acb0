package io.hybridfailover.cli.live;

import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.RecordKeys;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What freeze, unfreeze, force and release share: the target (one service or {@code --all}), the
 * reason and identity that go into the override, and waiting for the decider's acknowledgement.
 */
abstract class OverrideCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin KafkaOptions kafka;

  @Option(
      names = "--all",
      description = "every service (an override for *, which also holds for services added later)")
  boolean all;

  @Option(
      names = "--reason",
      required = true,
      paramLabel = "TEXT",
      description = "why: goes into the override, the forced command and status")
  String reason;

  @Option(
      names = "--as",
      paramLabel = "NAME",
      defaultValue = "${sys:user.name}",
      description = "who asks (default: the login name, ${DEFAULT-VALUE})")
  String requestedBy;

  @Mixin OperatorKey operatorKey;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = TimeText.DurationConverter.class,
      description = "how long to wait for the decider's acknowledgement (default 30s)")
  Duration timeout;

  @Option(
      names = "--new-service",
      description =
          "send it even though the state topic has never shown SERVICE (by default refused: a"
              + " typo would otherwise leave an override on the topic for good)")
  boolean newService;

  Clock clock = Clock.systemUTC();

  /** How long the override holds; {@code null}: until released (unfreeze and release). */
  Duration lasts() {
    return null;
  }

  /** The action to send. */
  abstract OverrideAction action();

  /** The service given on the command line; {@code null} if none. */
  abstract String service();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String name = "hybrid " + spec.name();
    try {
      String target = target();
      if (reason.isBlank()) {
        throw LiveCommandException.usage("--reason must say why");
      }
      if (requestedBy == null || requestedBy.isBlank()) {
        throw LiveCommandException.usage("--as NAME: no login name to default to");
      }
      Duration lasts = lasts();
      OverrideRequest.Outcome outcome =
          new OverrideRequest(
                  operatorKey.signingAs(kafka.clientProperties(), requestedBy.strip()), clock)
              .send(
                  action(),
                  target,
                  reason.strip(),
                  requestedBy.strip(),
                  lasts,
                  newService,
                  timeout);
      Instant expiresAt = outcome.override().data().expiresAt();
      String sent =
          action().wireName()
              + " for "
              + (target.equals(RecordKeys.ALL_SERVICES) ? "all services" : target)
              + " by "
              + requestedBy.strip()
              + (!action().holds()
                  ? ""
                  : expiresAt == null
                      ? ", until released"
                      : ", until " + expiresAt + " (ends by itself then)")
              + " (override "
              + outcome.override().id()
              + ")";
      if (outcome.acknowledged()) {
        out.println(name + ": " + sent + " acknowledged by the decider");
        outcome.lines().forEach(line -> out.println("  " + line));
        if (outcome.lines().isEmpty()) {
          out.println(
              "  no service known to the decider yet: the override stands for services it sees"
                  + " later");
        }
        out.flush();
        return 0;
      }
      err.println(
          name
              + ": "
              + sent
              + " NOT acknowledged within "
              + TimeText.age(timeout)
              + ". It is on "
              + outcome.sent().topic()
              + " (partition "
              + outcome.sent().partition()
              + ", offset "
              + outcome.sent().offset()
              + "), so the decider applies it when it reads it; to take it back, send its"
              + " opposite (unfreeze or release). Missing:");
      outcome.lines().forEach(line -> err.println("  " + line));
      err.println(
          "  Is the decider running and reading hybrid.operator.overrides.v1? Check its pods, its"
              + " /q/health and its log. A decider that checks signatures refuses an override not"
              + " signed with the key it trusts for --as (its log and the .dlq topic say why).");
      err.flush();
      return LiveCommandException.EXIT_NOT_ACKNOWLEDGED;
    } catch (LiveCommandException e) {
      err.println(name + ": " + e.getMessage());
      return e.exitCode();
    }
  }

  private String target() {
    String service = service();
    if (all == (service != null)) {
      throw LiveCommandException.usage("name one SERVICE (<namespace>/<name>) or give --all");
    }
    if (all) {
      return RecordKeys.ALL_SERVICES;
    }
    try {
      return RecordKeys.service(service);
    } catch (RuntimeException e) {
      throw LiveCommandException.usage("SERVICE " + e.getMessage());
    }
  }
}
