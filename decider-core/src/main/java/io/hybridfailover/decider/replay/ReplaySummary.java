package io.hybridfailover.decider.replay;

import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Transition;
import io.hybridfailover.events.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The post-mortem view of a replay: per service, each command (mode change) with its time, epoch,
 * routing, placement and reason, then how long each failover and failback took.
 *
 * <ul>
 *   <li>A <b>failover</b> runs from the desktop's DOWN verdict to the command that puts all traffic
 *       on GKE (through FAILING_OVER for a cold standby).
 *   <li>A <b>failback</b> runs from the first FAILING_BACK command to the PRIMARY command.
 * </ul>
 */
public final class ReplaySummary {

  private ReplaySummary() {}

  public static String of(List<Event<?>> output) {
    Map<String, ServiceTimeline> timelines = new TreeMap<>();
    for (Event<?> event : output) {
      timelines.computeIfAbsent(event.subject(), ServiceTimeline::new).add(event);
    }
    StringBuilder text = new StringBuilder();
    if (timelines.isEmpty()) {
      return "no commands: nothing was decided\n";
    }
    timelines.values().forEach(timeline -> timeline.appendTo(text));
    return text.toString();
  }

  private static final class ServiceTimeline {

    private final String service;
    private final List<String> lines = new ArrayList<>();
    private final List<String> durations = new ArrayList<>();
    private Mode mode = Mode.PRIMARY;
    private Instant desktopDownAt;
    private Instant failbackStartedAt;

    ServiceTimeline(String service) {
      this.service = service;
    }

    void add(Event<?> event) {
      if (event.data() instanceof Transition t && t.cluster() == Cluster.DESKTOP) {
        desktopDownAt =
            t.to() == Verdict.DOWN ? t.at() : t.to() == Verdict.UP ? null : desktopDownAt;
      } else if (event.data() instanceof Command c) {
        lines.add(
            String.format(
                "  %s  epoch %-4d %-13s desktop %3d / gke %3d  placement %-7s %s%s",
                c.issuedAt(),
                c.epoch(),
                c.mode(),
                c.routing().desktop(),
                c.routing().gke(),
                c.placement(),
                c.reason(),
                c.dryRun() ? "  (dry run)" : ""));
        onCommand(c);
      }
    }

    private void onCommand(Command c) {
      boolean trafficOnGke = c.mode() == Mode.FAILED_OVER;
      if (trafficOnGke && mode != Mode.FAILED_OVER && desktopDownAt != null) {
        durations.add(
            "  failover: desktop DOWN at "
                + desktopDownAt
                + ", traffic on gke at "
                + c.issuedAt()
                + " ("
                + seconds(desktopDownAt, c.issuedAt())
                + ")");
        desktopDownAt = null;
      }
      if (c.mode() == Mode.FAILING_BACK && mode != Mode.FAILING_BACK) {
        failbackStartedAt = c.issuedAt();
      }
      if (c.mode() == Mode.PRIMARY && failbackStartedAt != null) {
        durations.add(
            "  failback: first step at "
                + failbackStartedAt
                + ", PRIMARY at "
                + c.issuedAt()
                + " ("
                + seconds(failbackStartedAt, c.issuedAt())
                + ")");
        failbackStartedAt = null;
      }
      if (c.mode() == Mode.FAILED_OVER) {
        failbackStartedAt = null;
      }
      mode = c.mode();
    }

    void appendTo(StringBuilder text) {
      text.append(service).append('\n');
      if (lines.isEmpty()) {
        text.append("  no commands\n");
      }
      lines.forEach(line -> text.append(line).append('\n'));
      durations.forEach(line -> text.append(line).append('\n'));
    }

    private static String seconds(Instant from, Instant to) {
      Duration d = Duration.between(from, to);
      return String.format("%.1f s", d.toMillis() / 1000.0);
    }
  }
}
