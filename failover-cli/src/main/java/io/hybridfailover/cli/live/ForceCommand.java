package io.hybridfailover.cli.live;

import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.OverrideAction;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code hybrid force desktop|gke}. */
@Command(
    name = "force",
    mixinStandardHelpOptions = true,
    description = {
      "Pins routing and placement to one cluster at once (desktop: all traffic home, original"
          + " placement; gke: all traffic and replicas to GKE), with a new epoch, and freezes the"
          + " service until release, or until it expires (--for, default and maximum 24h): then"
          + " the rules take over, as after release.",
      "Waits until the decider acknowledges it (the state shows it and the forced command with"
          + " its epoch has been issued). Exit status 0 when acknowledged, 1 if not within"
          + " --timeout (the override stays on the topic), 2 on a usage error, 3 if Kafka cannot"
          + " be reached."
    })
public final class ForceCommand extends OverrideCommand {

  @Parameters(index = "0", paramLabel = "desktop|gke", description = "where to pin the service")
  String cluster;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "SERVICE",
      description = "<namespace>/<name>")
  String service;

  @Override
  OverrideAction action() {
    Cluster target;
    try {
      target = Cluster.fromWireName(cluster);
    } catch (RuntimeException e) {
      throw LiveCommandException.usage("force desktop|gke, not " + cluster);
    }
    return target == Cluster.GKE ? OverrideAction.FORCE_GKE : OverrideAction.FORCE_DESKTOP;
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
