package io.hybridfailover.devstack.drill;

import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Verdict;
import java.time.Instant;
import java.util.List;

/**
 * One line of a drill's timeline: what the drill did, what the services published (at the time they
 * say it happened), and what the local world saw change.
 */
public sealed interface Moment {

  Instant at();

  /** A short kind for the timeline column, e.g. {@code verdict}. */
  String kind();

  String describe();

  record DrillStep(Instant at, Action action) implements Moment {
    @Override
    public String kind() {
      return "fault";
    }

    @Override
    public String describe() {
      return action.describe();
    }
  }

  record VerdictChange(Instant at, Cluster cluster, Verdict from, Verdict to, String reason)
      implements Moment {
    @Override
    public String kind() {
      return "verdict";
    }

    @Override
    public String describe() {
      return cluster.wireName() + " " + from + " -> " + to + " (" + reason + ")";
    }
  }

  /**
   * A command of the decider, at the time it issued it.
   *
   * @param committedSeenAt when the drill's read_committed reader first read it (so: committed by
   *     then), on the drill's clock; null if not known
   */
  record CommandIssued(
      Instant at,
      long epoch,
      Mode mode,
      Routing routing,
      Placement placement,
      String reason,
      Instant committedSeenAt)
      implements Moment {

    public CommandIssued(
        Instant at, long epoch, Mode mode, Routing routing, Placement placement, String reason) {
      this(at, epoch, mode, routing, placement, reason, null);
    }

    @Override
    public String kind() {
      return "command";
    }

    @Override
    public String describe() {
      return "epoch "
          + epoch
          + " "
          + mode
          + ": routing desktop "
          + routing.desktop()
          + " / gke "
          + routing.gke()
          + ", placement "
          + placement
          + " ("
          + reason
          + ")";
    }
  }

  /**
   * An actuator's result, at the time it completed.
   *
   * @param actuator the actuator kind ({@code traffic-switcher}, {@code karmada-actuator}): every
   *     replica of a kind answers every command, and the figures count a command as applied by a
   *     kind once any of its replicas applied it
   * @param commandReceivedAt when the actuator took the command (its own clock); null if the result
   *     does not say
   * @param replica the replica that answered, its instance id (the event's {@code source} is {@code
   *     /<actuator>/<instance id>}); null if the source does not say
   */
  record ResultPublished(
      Instant at,
      String actuator,
      long epoch,
      ActuationOutcome outcome,
      String detail,
      Instant commandReceivedAt,
      String replica)
      implements Moment {

    public ResultPublished(
        Instant at, String actuator, long epoch, ActuationOutcome outcome, String detail) {
      this(at, actuator, epoch, outcome, detail, null);
    }

    public ResultPublished(
        Instant at,
        String actuator,
        long epoch,
        ActuationOutcome outcome,
        String detail,
        Instant commandReceivedAt) {
      this(at, actuator, epoch, outcome, detail, commandReceivedAt, null);
    }

    /**
     * The replica named by a result's {@code source}, {@code /<actuator>/<instance id>}; null for a
     * source of another form.
     */
    public static String replicaIn(String source, String actuator) {
      String prefix = "/" + actuator + "/";
      return source != null && source.startsWith(prefix) && source.length() > prefix.length()
          ? source.substring(prefix.length())
          : null;
    }

    @Override
    public String kind() {
      return "result";
    }

    @Override
    public String describe() {
      return actuator
          + (replica == null ? "" : " (" + replica + ")")
          + " epoch "
          + epoch
          + " "
          + outcome
          + (detail == null ? "" : ": " + detail);
    }
  }

  /**
   * One probe of a prober, at the time it started ({@code observedAt}, on the prober's clock).
   *
   * @param latencyMs how long the probe took: it ended at {@code at + latencyMs}
   * @param appendedAt the record's timestamp: when the broker appended it (the broker's clock)
   * @param seenAt when the drill's reader first read it from the broker (the drill's clock)
   */
  record ProbeObserved(
      Instant at,
      String prober,
      Cluster cluster,
      Outcome outcome,
      long latencyMs,
      Instant appendedAt,
      Instant seenAt)
      implements Moment {
    @Override
    public String kind() {
      return "probe";
    }

    @Override
    public String describe() {
      return prober + " " + cluster.wireName() + " " + outcome + " in " + latencyMs + " ms";
    }

    public Instant ended() {
      return at.plusMillis(latencyMs);
    }
  }

  /**
   * The synthetic user got its first good answer from {@code copy} since the route's weights last
   * changed.
   *
   * @param desktopWeight the desktop's weight the request was routed by
   */
  record UserAnswered(Instant at, Cluster copy, int desktopWeight) implements Moment {
    @Override
    public String kind() {
      return "user";
    }

    @Override
    public String describe() {
      return "first answer from the "
          + copy.wireName()
          + " copy (routed by desktop "
          + desktopWeight
          + " / gke "
          + (100 - desktopWeight)
          + ")";
    }
  }

  /** The route's weights changed (seen by a watch on the API server). */
  record RoutingChange(Instant at, int desktop, int gke) implements Moment {
    @Override
    public String kind() {
      return "routing";
    }

    @Override
    public String describe() {
      return "route now desktop " + desktop + " / gke " + gke;
    }

    public boolean allDesktop() {
      return desktop == 100;
    }
  }

  /** The PropagationPolicy's cluster names changed. */
  record PlacementChange(Instant at, List<String> clusters) implements Moment {
    @Override
    public String kind() {
      return "placement";
    }

    @Override
    public String describe() {
      return "Karmada now schedules replicas on " + clusters;
    }
  }

  /** The simulated Karmada turned a Cluster's Ready condition (with Karmada's timings). */
  record ClusterCondition(Instant at, String cluster, boolean ready) implements Moment {
    @Override
    public String kind() {
      return "karmada";
    }

    @Override
    public String describe() {
      return "Cluster " + cluster + " now " + (ready ? "Ready" : "NotReady");
    }
  }

  /** What the traffic-switcher's health group {@code mesh} said of the route. */
  record MeshReport(Instant at, boolean applied, String said) implements Moment {
    @Override
    public String kind() {
      return "mesh";
    }

    @Override
    public String describe() {
      return "traffic-switcher: the mesh "
          + (applied ? "applies" : "does NOT apply")
          + " the route: "
          + said;
    }
  }

  /** The simulated Karmada scheduler started or stopped the GKE copy. */
  record GkeCopy(Instant at, boolean running) implements Moment {
    @Override
    public String kind() {
      return "gke copy";
    }

    @Override
    public String describe() {
      return running ? "GKE copy started (serving)" : "GKE copy stopped";
    }
  }

  /**
   * Members of a decider instance's stream threads left the deciders' consumer group: their session
   * timed out, they were fenced, or the process died. Another instance takes their tasks over.
   */
  record DeciderMembersLeft(Instant at, String instance, int members) implements Moment {
    @Override
    public String kind() {
      return "decider-group";
    }

    @Override
    public String describe() {
      return members + " member(s) of " + instance + " left the deciders' group";
    }
  }

  /**
   * What the world's processes (ours, the brokers, the drill's own JVM) had used up to {@code at}:
   * CPU time, all threads together, and resident memory now, summed.
   */
  record WorldUsage(Instant at, long cpuNanos, long residentBytes) implements Moment {
    @Override
    public String kind() {
      return "usage";
    }

    @Override
    public String describe() {
      return "the world's processes: "
          + cpuNanos / 1_000_000
          + " ms of CPU so far, "
          + residentBytes / (1024 * 1024)
          + " MB resident";
    }
  }

  /** The longest stop-the-world GC pause of a decider during the drill, from its GC log. */
  record GcPause(Instant at, String process, long pauseMs) implements Moment {
    @Override
    public String kind() {
      return "gc";
    }

    @Override
    public String describe() {
      return process + "'s longest GC pause of the drill: " + pauseMs + " ms";
    }
  }

  /**
   * A write to the route or the PropagationPolicy, with the epoch it carries (its fencing token).
   */
  record ObjectWrite(Instant at, String object, long epoch) implements Moment {
    @Override
    public String kind() {
      return "write";
    }

    @Override
    public String describe() {
      return object + " written at epoch " + epoch;
    }
  }

  /**
   * A record arrived on a dead-letter topic.
   *
   * @param poisonId the drill's own poison record it is, or null: then a valid record was
   *     dead-lettered
   */
  record DeadLetter(Instant at, String topic, String poisonId) implements Moment {
    @Override
    public String kind() {
      return "dlq";
    }

    @Override
    public String describe() {
      return topic + ": " + (poisonId == null ? "a record the drill did not poison" : poisonId);
    }
  }

  /**
   * The poison producer wrote a record into a topic our services consume.
   *
   * @param mustDeadLetter the record is not a valid event: it must end up in the topic's DLQ
   */
  record PoisonSent(Instant at, String topic, String id, String sort, boolean mustDeadLetter)
      implements Moment {
    @Override
    public String kind() {
      return "poison";
    }

    @Override
    public String describe() {
      return sort + " into " + topic + " (" + id + ")";
    }
  }

  /**
   * A command of the decider for a service of the fleet other than {@code shop/web}, at the time it
   * issued it (its figures are the fleet's; the timeline on screen leaves it out).
   *
   * @param committedSeenAt when the drill's read_committed reader first read it
   */
  record FleetCommand(
      Instant at, String service, long epoch, Mode mode, Routing routing, Instant committedSeenAt)
      implements Moment {
    @Override
    public String kind() {
      return "command";
    }

    @Override
    public String describe() {
      return service
          + " epoch "
          + epoch
          + " "
          + mode
          + ": routing desktop "
          + routing.desktop()
          + " / gke "
          + routing.gke();
    }
  }

  /** An actuator's result for a service of the fleet other than {@code shop/web}. */
  record FleetResult(
      Instant at,
      String service,
      String actuator,
      long epoch,
      ActuationOutcome outcome,
      String detail)
      implements Moment {
    @Override
    public String kind() {
      return "result";
    }

    @Override
    public String describe() {
      return service
          + " "
          + actuator
          + " epoch "
          + epoch
          + " "
          + outcome
          + (detail == null ? "" : ": " + detail);
    }
  }

  /** The route of a service of the fleet other than {@code shop/web} changed its weights. */
  record FleetRouting(Instant at, String service, int desktop, int gke) implements Moment {
    @Override
    public String kind() {
      return "routing";
    }

    @Override
    public String describe() {
      return service + " route now desktop " + desktop + " / gke " + gke;
    }

    public boolean allDesktop() {
      return desktop == 100;
    }
  }

  /** Whether the timeline on screen shows it (the bulk moments only count in the figures). */
  static boolean shownInTimeline(Moment moment) {
    return !(moment instanceof DeadLetter
        || moment instanceof PoisonSent
        || moment instanceof FleetCommand
        || moment instanceof FleetResult
        || moment instanceof FleetRouting
        || moment instanceof ProbeObserved);
  }
}
