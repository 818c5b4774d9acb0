package io.hybridfailover.cli.live;

import io.hybridfailover.events.OverrideAction;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code hybrid freeze}. */
@Command(
    name = "freeze",
    mixinStandardHelpOptions = true,
    description = {
      "Stops automatic commands for a service (routing and placement stay where they are) until"
          + " unfreeze or release, or until it expires (--for, default and maximum 24h); a force"
          + " in place stays.",
      "Waits until the decider acknowledges it (the state shows it). Exit status 0 when"
          + " acknowledged, 1 if not within --timeout (the override stays on the topic), 2 on a"
          + " usage error, 3 if Kafka cannot be reached."
    })
public final class FreezeCommand extends OverrideCommand {

  @Parameters(arity = "0..1", paramLabel = "SERVICE", description = "<namespace>/<name>")
  String service;

  @Override
  OverrideAction action() {
    return OverrideAction.FREEZE;
  }

  @Mixin ExpiryOptions expiry;

  @Override
  Duration lasts() {
    return expiry.lasts();
  }

  @Override
  String service() {
    return service;
  }
}
