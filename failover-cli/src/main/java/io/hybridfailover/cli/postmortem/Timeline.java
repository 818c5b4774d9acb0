package io.hybridfailover.cli.postmortem;

import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Transition;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One service's incident as a picture on a UTC time axis, in coordinates: verdict bands per
 * cluster, each prober's observations as runs of dots, commands with their epochs, actuation
 * results per actuator, overrides, placement, and the desktop's routing weight as a step chart (the
 * what-if dashed). Plain values: the template draws them, tests read them.
 *
 * @param overridesLabel null when the picture has no overrides row
 */
public record Timeline(
    int width,
    int height,
    String title,
    Axis axis,
    List<Label> verdictLabels,
    List<VerdictBand> verdicts,
    List<ObservationRow> observations,
    Label commandsLabel,
    List<CommandMark> commands,
    List<Label> resultLabels,
    List<ResultMark> results,
    Label overridesLabel,
    List<OverrideMark> overrides,
    Label placementLabel,
    List<PlacementBand> placements,
    Label routingLabel,
    RoutingChart routing) {

  /** Every row of the picture, top to bottom: its label and where it is. */
  public List<Label> lanes() {
    List<Label> lanes = new ArrayList<>(verdictLabels);
    observations.forEach(row -> lanes.add(row.label()));
    lanes.add(commandsLabel);
    lanes.addAll(resultLabels);
    if (overridesLabel != null) {
      lanes.add(overridesLabel);
    }
    lanes.add(placementLabel);
    lanes.add(routingLabel);
    return lanes;
  }

  static final int WIDTH = 1160;
  static final int LEFT = 210;
  static final int RIGHT = 24;
  static final int ROW = 18;
  static final int ROUTING_HEIGHT = 90;

  /** A row's label at the left, {@code y} its baseline. */
  public record Label(int y, String text) {}

  /** The time axis: the date, then a grid line and a time per tick. */
  public record Axis(String date, int top, int bottom, List<Tick> ticks) {
    public int textY() {
      return top - 4;
    }
  }

  public record Tick(double x, String text) {
    public double textX() {
      return x - 22;
    }
  }

  /** A verdict from one change to the next. */
  public record VerdictBand(
      String verdict, String cluster, double x, int y, double width, int height, String title) {}

  /** One prober's observations of one cluster and check, as runs of one outcome. */
  public record ObservationRow(Label label, int y, List<ObservationRun> runs) {}

  /** A run of one outcome: a dotted line, one dot per probe when they fit. */
  public record ObservationRun(String outcome, double x1, double x2, double dotGap, String title) {}

  /** A command: a marker with its epoch, and a faint line through the whole picture. */
  public record CommandMark(
      long epoch,
      double x,
      int lineTop,
      int lineBottom,
      int markerY,
      double textX,
      int textY,
      boolean textLeft,
      String text,
      String title) {}

  /** An actuation result: a dot when applied, a cross with its outcome otherwise. */
  public record ResultMark(
      String outcome, long epoch, boolean applied, double x, int y, String title) {
    public int crossY() {
      return y - 4;
    }

    public int textY() {
      return y + 4;
    }

    public double crossLeft() {
      return x - 4;
    }

    public double crossRight() {
      return x + 4;
    }

    public double textX() {
      return x + 6;
    }
  }

  public record OverrideMark(String action, double x, int y, String title) {
    public int markY() {
      return y - 5;
    }

    public int textY() {
      return y + 4;
    }

    public double textX() {
      return x + 7;
    }
  }

  public record PlacementBand(
      String placement, double x, int y, double width, int height, String title) {}

  /**
   * The desktop's weight in percent, 100 at the top.
   *
   * @param path the recorded routing as an SVG path
   * @param whatIfPath the what-if's routing (null: no what-if)
   */
  public record RoutingChart(
      int left,
      int top,
      int width,
      int height,
      String path,
      String whatIfPath,
      String whatIfTitle) {
    public int topTickX() {
      return left - 26;
    }

    public int bottomTickX() {
      return left - 14;
    }

    public int topTickY() {
      return top + 8;
    }

    public int bottomTickY() {
      return top + height;
    }
  }

  /** Lays out one service's picture between {@code start} and {@code end}. */
  static Timeline of(
      Incident incident,
      Incident.Service service,
      CommandHistory history,
      CommandHistory whatIf,
      String whatIfLabel,
      Instant start,
      Instant end) {
    return new Layout(start, end).timeline(incident, service, history, whatIf, whatIfLabel);
  }

  /** Times to x coordinates, and the rows top to bottom. */
  private static final class Layout {
    private final Instant start;
    private final Instant end;

    Layout(Instant start, Instant end) {
      this.start = start;
      this.end = end;
    }

    double x(Instant t) {
      double span = Duration.between(start, end).toMillis();
      double at = Duration.between(start, t).toMillis();
      return LEFT + Math.max(0, Math.min(1, at / span)) * (WIDTH - LEFT - RIGHT);
    }

    Timeline timeline(
        Incident incident,
        Incident.Service service,
        CommandHistory history,
        CommandHistory whatIf,
        String whatIfLabel) {
      Map<String, List<Incident.Run>> rows = new LinkedHashMap<>(service.observations());
      incident.allServices.observations().forEach((k, v) -> rows.put("karmada: " + k, v));
      Set<String> actuators = new TreeSet<>();
      service.results().forEach(r -> actuators.add(r.data().actuator()));
      List<Event<OperatorOverride>> allOverrides = new ArrayList<>(service.overrides());
      allOverrides.addAll(incident.allServiceOverrides);
      boolean overrides = !allOverrides.isEmpty();
      int axisY = 26;
      int y = axisY;
      int verdictTop = y;
      y += 2 * ROW;
      int observationsTop = y + 4;
      y = observationsTop + rows.size() * ROW;
      int commandsTop = y + 4;
      y = commandsTop + 3 * ROW;
      int resultsTop = y;
      y += Math.max(1, actuators.size()) * ROW;
      int overridesTop = y;
      y += overrides ? ROW : 0;
      int placementTop = y + 4;
      y = placementTop + ROW;
      int routingTop = y + 10;
      y = routingTop + ROUTING_HEIGHT + 10;
      int height = y;

      List<Label> verdictLabels =
          List.of(label(verdictTop, "verdict desktop"), label(verdictTop + ROW, "verdict gke"));
      List<VerdictBand> verdicts = verdicts(service, verdictTop);

      List<ObservationRow> observations = new ArrayList<>();
      int row = 0;
      for (Map.Entry<String, List<Incident.Run>> entry : rows.entrySet()) {
        Label label = label(observationsTop + row * ROW, entry.getKey());
        List<ObservationRun> runs = new ArrayList<>();
        for (Incident.Run run : entry.getValue()) {
          double x1 = x(run.from());
          double x2 = x(run.to());
          double gap = run.count() > 1 ? (x2 - x1) / (run.count() - 1) : 0;
          runs.add(
              new ObservationRun(
                  run.outcome().name(),
                  x1,
                  x2,
                  Math.max(4.0, gap),
                  entry.getKey()
                      + " "
                      + run.outcome().name()
                      + " ×"
                      + run.count()
                      + ", "
                      + Timestamps.clock(run.from())
                      + " to "
                      + Timestamps.clock(run.to())
                      + (run.detail() == null ? "" : ": " + run.detail())));
        }
        observations.add(new ObservationRow(label, observationsTop + row * ROW + ROW / 2, runs));
        row++;
      }

      Label commandsLabel = label(commandsTop, "commands (epoch)");
      List<CommandMark> commands = new ArrayList<>();
      int lane = 0;
      for (Event<Command> event : service.commands()) {
        Command c = event.data();
        double cx = x(c.issuedAt());
        int ty = commandsTop + 12 + (lane++ % 3) * 14;
        // Near the right edge the label goes to the left of its marker.
        boolean left = cx > WIDTH - 130;
        commands.add(
            new CommandMark(
                c.epoch(),
                cx,
                axisY,
                height - 4,
                ty - 4,
                left ? cx - 6 : cx + 6,
                ty,
                left,
                c.epoch() + " " + shortMode(c),
                "epoch "
                    + c.epoch()
                    + " "
                    + c.mode().name()
                    + " desktop "
                    + c.routing().desktop()
                    + " / gke "
                    + c.routing().gke()
                    + ", placement "
                    + c.placement().name()
                    + " at "
                    + Timestamps.utc(c.issuedAt())
                    + ": "
                    + c.reason()
                    + (c.dryRun() ? " (dry run)" : "")));
      }

      List<String> actuatorRows = new ArrayList<>(actuators);
      List<Label> resultLabels = new ArrayList<>();
      if (actuatorRows.isEmpty()) {
        resultLabels.add(label(resultsTop, "results: none"));
      }
      for (int i = 0; i < actuatorRows.size(); i++) {
        resultLabels.add(label(resultsTop + i * ROW, "results " + actuatorRows.get(i)));
      }
      List<ResultMark> results = new ArrayList<>();
      for (Event<ActuationResult> event : service.results()) {
        ActuationResult r = event.data();
        results.add(
            new ResultMark(
                r.outcome().name(),
                r.epoch(),
                IncidentAnalytics.APPLIED.contains(r.outcome()),
                x(r.completedAt()),
                resultsTop + actuatorRows.indexOf(r.actuator()) * ROW + ROW / 2,
                r.actuator()
                    + " "
                    + r.outcome().name()
                    + " epoch "
                    + r.epoch()
                    + " at "
                    + Timestamps.utc(r.completedAt())
                    + ", attempt "
                    + r.attempt()
                    + (r.detail() == null ? "" : ": " + r.detail())));
      }

      Label overridesLabel = overrides ? label(overridesTop, "overrides") : null;
      List<OverrideMark> overrideMarks = new ArrayList<>();
      if (overrides) {
        for (Event<OperatorOverride> event : allOverrides) {
          OperatorOverride o = event.data();
          overrideMarks.add(
              new OverrideMark(
                  o.action().name(),
                  x(o.requestedAt()),
                  overridesTop + ROW / 2,
                  o.service()
                      + " "
                      + o.action().name()
                      + " by "
                      + o.requestedBy()
                      + " at "
                      + Timestamps.utc(o.requestedAt())
                      + ": "
                      + o.reason()));
        }
      }

      Label placementLabel = label(placementTop, "placement");
      List<PlacementBand> placements = placements(history, placementTop);

      Label routingLabel = label(routingTop, "desktop weight %");
      RoutingChart routing =
          new RoutingChart(
              LEFT,
              routingTop,
              WIDTH - LEFT - RIGHT,
              ROUTING_HEIGHT,
              steps(history, routingTop),
              whatIfLabel == null && whatIf == null
                  ? null
                  : steps(whatIf == null ? new CommandHistory() : whatIf, routingTop),
              whatIfLabel == null ? "" : "what-if " + whatIfLabel);

      return new Timeline(
          WIDTH,
          height,
          service.id() + ": incident timeline, UTC",
          axis(axisY, height),
          verdictLabels,
          verdicts,
          observations,
          commandsLabel,
          commands,
          resultLabels,
          results,
          overridesLabel,
          overrideMarks,
          placementLabel,
          placements,
          routingLabel,
          routing);
    }

    private List<VerdictBand> verdicts(Incident.Service service, int verdictTop) {
      List<VerdictBand> bands = new ArrayList<>();
      for (Cluster cluster : Cluster.values()) {
        List<Transition> changes =
            service.transitions().stream()
                .map(Event::data)
                .filter(t -> t.cluster() == cluster)
                .toList();
        int top = verdictTop + (cluster == Cluster.DESKTOP ? 0 : ROW);
        for (int i = 0; i < changes.size(); i++) {
          Transition t = changes.get(i);
          Instant until = i + 1 < changes.size() ? changes.get(i + 1).at() : end;
          double x1 = x(t.at());
          bands.add(
              new VerdictBand(
                  t.to().name(),
                  cluster.wireName(),
                  x1,
                  top + 2,
                  Math.max(1, x(until) - x1),
                  ROW - 4,
                  service.id()
                      + " "
                      + cluster.wireName()
                      + ": "
                      + t.from().name()
                      + " → "
                      + t.to().name()
                      + " at "
                      + Timestamps.utc(t.at())
                      + ": "
                      + t.reason()));
        }
      }
      return bands;
    }

    /** A band per command that changed the placement. */
    private List<PlacementBand> placements(CommandHistory history, int placementTop) {
      List<PlacementBand> bands = new ArrayList<>();
      String placement = "PRIMARY";
      Instant since = start;
      List<Command> commands = history.commands();
      for (int i = 0; i <= commands.size(); i++) {
        Command c = i < commands.size() ? commands.get(i) : null;
        if (c != null && c.placement().name().equals(placement)) {
          continue;
        }
        Instant until = c == null ? end : c.issuedAt();
        bands.add(
            new PlacementBand(
                placement,
                x(since),
                placementTop + 3,
                Math.max(0.5, x(until) - x(since)),
                ROW - 6,
                "placement " + placement + " from " + Timestamps.utc(since)));
        if (c != null) {
          placement = c.placement().name();
          since = c.issuedAt();
        }
      }
      return bands;
    }

    private String steps(CommandHistory history, int top) {
      StringBuilder d = new StringBuilder();
      Routing routing = Routing.allDesktop();
      d.append(String.format(Locale.ROOT, "M%.1f %.1f", x(start), weightY(routing, top)));
      for (CommandHistory.Move move : history.moves()) {
        d.append(
            String.format(Locale.ROOT, "H%.1fV%.1f", x(move.at()), weightY(move.routing(), top)));
      }
      d.append(String.format(Locale.ROOT, "H%.1f", x(end)));
      return d.toString();
    }

    private Axis axis(int axisY, int height) {
      Duration span = Duration.between(start, end);
      long[] steps = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600};
      long step = steps[steps.length - 1];
      for (long s : steps) {
        if (span.toSeconds() / s <= 10) {
          step = s;
          break;
        }
      }
      Instant tick = start.truncatedTo(ChronoUnit.SECONDS);
      long epochSecond = tick.getEpochSecond();
      tick = Instant.ofEpochSecond(epochSecond - Math.floorMod(epochSecond, step) + step);
      List<Tick> ticks = new ArrayList<>();
      for (; !tick.isAfter(end); tick = tick.plusSeconds(step)) {
        String clock = Timestamps.clock(tick);
        ticks.add(new Tick(x(tick), step < 60 ? clock.substring(0, 8) : clock.substring(0, 5)));
      }
      return new Axis(
          start.atZone(ZoneOffset.UTC).toLocalDate().toString(), axisY - 4, height, ticks);
    }
  }

  private static Label label(int top, String text) {
    return new Label(top + ROW - 5, text);
  }

  private static double weightY(Routing routing, int top) {
    return top + ROUTING_HEIGHT - routing.desktop() * ROUTING_HEIGHT / 100.0;
  }

  private static String shortMode(Command c) {
    return switch (c.mode()) {
      case PRIMARY -> "PRIMARY";
      case FAILING_OVER -> "FAILING_OVER";
      case FAILED_OVER -> "FAILED_OVER";
      case FAILING_BACK -> "BACK " + c.routing().desktop() + "%";
    };
  }
}
