package io.hybridfailover.cli.postmortem;

import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Transition;
import io.hybridfailover.events.Verdict;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The post-mortem as one self-contained HTML page: inline CSS and SVG, no script, nothing fetched.
 * Per service: its headline figures, then one picture of the incident on a UTC time axis (verdict
 * bands per cluster, each prober's observations as dots, commands with their epochs, actuation
 * results, overrides, placement, the routing weights as a step chart and the what-if as a dashed
 * line), then its events as a table.
 *
 * <p>Every command, result and verdict change is one SVG element ({@code g.command}, {@code
 * g.result}, {@code rect.verdict}), so the picture can be checked structurally.
 */
public final class HtmlReport {

  private static final int WIDTH = 1160;
  private static final int LEFT = 210;
  private static final int RIGHT = 24;
  private static final int ROW = 18;
  private static final int ROUTING_HEIGHT = 90;
  private static final Set<ActuationOutcome> APPLIED =
      Set.of(ActuationOutcome.APPLIED, ActuationOutcome.UNCHANGED);

  /**
   * What the report shows besides the recording.
   *
   * @param input the file's name, as given
   * @param settings the settings the rules were replayed with, one line
   * @param base the replay with those settings, compared with the recording (null: not replayed)
   * @param whatIfLabel the what-if settings, one line (null: no what-if)
   * @param whatIf the replay with the what-if settings (null: no what-if)
   */
  public record Extras(
      String input, String settings, Comparison base, String whatIfLabel, Comparison whatIf) {}

  private final Incident incident;
  private final Extras extras;
  private final Writer out;
  private final Instant start;
  private final Instant end;

  private HtmlReport(Incident incident, Extras extras, Writer out) {
    this.incident = incident;
    this.extras = extras;
    this.out = out;
    this.start = incident.start() == null ? Instant.EPOCH : incident.start();
    Instant last = incident.end() == null ? start : incident.end();
    this.end = last.isAfter(start) ? last : start.plusSeconds(1);
  }

  public static void write(Incident incident, Extras extras, Writer out) throws IOException {
    new HtmlReport(incident, extras, out).page();
    out.flush();
  }

  private void page() throws IOException {
    w("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    w("<title>Post-mortem " + esc(extras.input()) + "</title>\n<style>" + CSS + "</style></head>");
    w("<body>\n<h1>Post-mortem of " + esc(extras.input()) + "</h1>\n");
    w(
        "<p class=\"meta\">"
            + utc(start)
            + " to "
            + utc(end)
            + " (UTC, "
            + duration(between(start, end))
            + "), "
            + incident.events()
            + " events, "
            + incident.services().size()
            + " services."
            + " Rules replayed with: "
            + esc(extras.settings())
            + ".</p>\n");
    verdictOfRules();
    if (!incident.problems().isEmpty()) {
      w(
          "<details class=\"problems\"><summary>"
              + incident.problems().size()
              + (incident.problems().size() == 100 ? "+" : "")
              + " lines skipped (not UTF-8 or not events)</summary><ul>");
      for (String problem : incident.problems()) {
        w("<li>" + esc(problem) + "</li>");
      }
      w("</ul></details>\n");
    }
    w(LEGEND);
    if (incident.services().isEmpty()) {
      w("<p>No service events in this file.</p>");
    }
    overview();
    int n = 0;
    for (Incident.Service service : incident.services().values()) {
      service(service, n++);
    }
    w("</body></html>\n");
  }

  private void verdictOfRules() throws IOException {
    if (extras.base() == null) {
      return;
    }
    List<String> differences = extras.base().differences();
    if (differences.isEmpty()) {
      w("<p class=\"same\">The rules decide the same commands as recorded (same decisions).</p>\n");
    } else {
      // A long list is folded: the overview and the pictures come first.
      w(
          "<details class=\"different\""
              + (differences.size() <= 5 ? " open" : "")
              + "><summary>"
              + "The rules decide otherwise than recorded: "
              + differences.size()
              + " differences.</summary><ul>");
      for (String difference : differences) {
        w("<li>" + esc(difference) + "</li>");
      }
      w("</ul></details>\n");
    }
  }

  /** One line per service, services that moved traffic or had trouble first; links below. */
  private void overview() throws IOException {
    if (incident.services().size() < 2) {
      return;
    }
    record Line(
        int index, Incident.Service service, CommandHistory history, int notApplied, long down) {}
    List<Line> lines = new ArrayList<>();
    int n = 0;
    for (Incident.Service service : incident.services().values()) {
      CommandHistory history = new CommandHistory();
      service.commands().forEach(c -> history.add(c.data()));
      long down =
          service.observations().values().stream()
              .flatMap(List::stream)
              .filter(run -> run.outcome() == Outcome.DOWN)
              .mapToLong(Incident.Run::count)
              .sum();
      lines.add(new Line(n++, service, history, notApplied(service).size(), down));
    }
    lines.sort(
        Comparator.comparingInt((Line l) -> -(l.history().moves().size() + l.notApplied()))
            .thenComparingLong(l -> -l.down())
            .thenComparingInt(Line::index));
    w(
        "<details class=\"overview\" open><summary>"
            + lines.size()
            + " services</summary>"
            + "<table class=\"events\"><tr><th>service</th><th>DOWN probes</th>"
            + "<th>desktop DOWN verdicts</th>"
            + "<th>moves</th><th>flaps</th><th>time on GKE</th><th>commands not applied</th></tr>\n");
    for (Line l : lines) {
      long downs =
          l.service().transitions().stream()
              .map(Event::data)
              .filter(t -> t.cluster() == Cluster.DESKTOP && t.to() == Verdict.DOWN)
              .count();
      w(
          "<tr"
              + (l.notApplied() > 0 ? " class=\"bad\"" : "")
              + "><td><a href=\"#s"
              + l.index()
              + "\">"
              + esc(l.service().id())
              + "</a></td><td>"
              + l.down()
              + "</td><td>"
              + downs
              + "</td><td>"
              + l.history().moves().size()
              + "</td><td>"
              + l.history().flaps()
              + "</td><td>"
              + duration(l.history().offDesktop(incident.end()))
              + "</td><td>"
              + l.notApplied()
              + "</td></tr>\n");
    }
    w("</table></details>\n");
  }

  private void service(Incident.Service service, int index) throws IOException {
    CommandHistory history = new CommandHistory();
    service.commands().forEach(c -> history.add(c.data()));
    CommandHistory whatIf =
        extras.whatIf() == null ? null : extras.whatIf().decided().get(service.id());
    w("<section id=\"s" + index + "\"><h2>" + esc(service.id()) + "</h2>\n");
    figures(service, history, whatIf);
    svg(service, history, whatIf);
    table(service);
    w("</section>\n");
  }

  // ---- headline figures ----------------------------------------------------------------------

  private void figures(Incident.Service service, CommandHistory history, CommandHistory whatIf)
      throws IOException {
    Map<String, String> rows = new LinkedHashMap<>();
    List<Transition> downs = new ArrayList<>();
    for (Event<Transition> event : service.transitions()) {
      Transition t = event.data();
      if (t.cluster() == Cluster.DESKTOP && t.to() == Verdict.DOWN && t.from() != Verdict.DOWN) {
        downs.add(t);
      }
    }
    List<String> downTimes = new ArrayList<>();
    downs.stream().limit(8).forEach(t -> downTimes.add(clock(t.at())));
    rows.put(
        "desktop DOWN verdicts",
        downs.isEmpty()
            ? "none"
            : downs.size()
                + ": "
                + String.join(", ", downTimes)
                + (downs.size() > 8 ? ", ..." : ""));
    int outage = 0;
    for (Transition t : downs) {
      // Only a DOWN while traffic is all on the desktop starts a failover worth timing; later
      // ones (a flapping desktop while on GKE) are counted above.
      if (desktopWeightBefore(service, t.at()) < 100) {
        continue;
      }
      outage++;
      String n = outage > 1 ? " #" + outage : "";
      Instant detected = t.at();
      Instant fault = faultStart(service, detected);
      if (fault != null) {
        rows.put(
            "time to detect" + n,
            duration(between(fault, detected)) + " (first DOWN probe " + clock(fault) + ")");
      }
      Command routed = firstOffDesktop(service, detected);
      if (routed != null) {
        Instant applied = appliedAt(service, routed);
        rows.put(
            "time to route" + n,
            "decided "
                + duration(between(detected, routed.issuedAt()))
                + (applied == null
                    ? ", never applied"
                    : ", applied " + duration(between(detected, applied)))
                + " (epoch "
                + routed.epoch()
                + ")");
      } else {
        rows.put("time to route" + n, "traffic did not move");
      }
      Instant up = desktopUpAfter(service, detected);
      if (up != null) {
        rows.put(
            "time to recover" + n,
            duration(between(fault == null ? detected : fault, up))
                + " (desktop UP again "
                + clock(up)
                + ")");
      }
    }
    rows.put(
        "time on GKE",
        duration(history.offDesktop(incident.end()))
            + (history.stillOffDesktop() ? " (not back at the end)" : ""));
    List<String> failbacks = new ArrayList<>();
    for (CommandHistory.Failback f : history.failbacks()) {
      failbacks.add(duration(f.duration()) + " from " + clock(f.start()));
    }
    rows.put("failback", failbacks.isEmpty() ? "-" : String.join("; ", failbacks));
    rows.put("moves / flaps", history.moves().size() + " / " + history.flaps());
    List<String> notApplied = notApplied(service);
    rows.put(
        "commands not applied",
        notApplied.isEmpty() ? "none" : notApplied.size() + ": " + String.join("; ", notApplied));
    if (extras.whatIf() != null) {
      CommandHistory would = whatIf == null ? new CommandHistory() : whatIf;
      List<String> wouldFailbacks = new ArrayList<>();
      for (CommandHistory.Failback f : would.failbacks()) {
        wouldFailbacks.add(duration(f.duration()) + " from " + clock(f.start()));
      }
      rows.put(
          "what-if " + extras.whatIfLabel(),
          would.moves().size()
              + " moves ("
              + moveTimes(would)
              + "), "
              + duration(would.offDesktop(incident.end()))
              + " on GKE"
              + (would.stillOffDesktop() ? " (not back by the end of the file)" : "")
              + ", failback "
              + (wouldFailbacks.isEmpty() ? "-" : String.join("; ", wouldFailbacks))
              + " — recorded: "
              + history.moves().size()
              + " moves ("
              + moveTimes(history)
              + ")");
    }
    w("<table class=\"figures\">");
    for (Map.Entry<String, String> row : rows.entrySet()) {
      w("<tr><th>" + esc(row.getKey()) + "</th><td>" + esc(row.getValue()) + "</td></tr>");
    }
    w("</table>\n");
  }

  private static String moveTimes(CommandHistory history) {
    List<String> times = new ArrayList<>();
    for (CommandHistory.Move move : history.moves()) {
      times.add(clock(move.at()) + " desktop " + move.routing().desktop());
    }
    return times.isEmpty() ? "none" : String.join(", ", times);
  }

  /** The earliest start of a desktop DOWN run (http) still going on shortly before detection. */
  private static Instant faultStart(Incident.Service service, Instant detected) {
    Instant earliest = null;
    for (Map.Entry<String, List<Incident.Run>> row : service.observations().entrySet()) {
      if (!row.getKey().startsWith(Cluster.DESKTOP.wireName() + " /")
          || !row.getKey().endsWith("/ http")) {
        continue;
      }
      Incident.Run latest = null;
      for (Incident.Run run : row.getValue()) {
        if (!run.from().isAfter(detected)) {
          latest = run;
        }
      }
      if (latest != null
          && latest.outcome() == Outcome.DOWN
          && (earliest == null || latest.from().isBefore(earliest))) {
        earliest = latest.from();
      }
    }
    return earliest;
  }

  /** The desktop's weight just before {@code at}, as the last command before it set it. */
  private static int desktopWeightBefore(Incident.Service service, Instant at) {
    int weight = 100;
    for (Event<Command> c : service.commands()) {
      if (c.data().issuedAt().isBefore(at)) {
        weight = c.data().routing().desktop();
      }
    }
    return weight;
  }

  private static Command firstOffDesktop(Incident.Service service, Instant after) {
    for (Event<Command> c : service.commands()) {
      if (!c.data().issuedAt().isBefore(after) && c.data().routing().desktop() < 100) {
        return c.data();
      }
    }
    return null;
  }

  /** When the traffic-switcher (or, without it, any actuator) applied the command. */
  private static Instant appliedAt(Incident.Service service, Command command) {
    Instant any = null;
    for (Event<ActuationResult> r : service.results()) {
      ActuationResult result = r.data();
      if (result.epoch() == command.epoch() && APPLIED.contains(result.outcome())) {
        if (result.actuator().contains("traffic")) {
          return result.completedAt();
        }
        any = any == null ? result.completedAt() : any;
      }
    }
    return any;
  }

  private static Instant desktopUpAfter(Incident.Service service, Instant after) {
    for (Event<Transition> event : service.transitions()) {
      Transition t = event.data();
      if (t.cluster() == Cluster.DESKTOP && t.to() == Verdict.UP && t.at().isAfter(after)) {
        return t.at();
      }
    }
    return null;
  }

  private static List<String> notApplied(Incident.Service service) {
    List<String> notApplied = new ArrayList<>();
    for (Event<Command> event : service.commands()) {
      Command c = event.data();
      if (c.dryRun()) {
        continue;
      }
      List<String> bad = new ArrayList<>();
      boolean any = false;
      for (Event<ActuationResult> r : service.results()) {
        if (r.data().epoch() == c.epoch() && r.data().commandId().equals(c.commandId())) {
          any = true;
          if (!APPLIED.contains(r.data().outcome())) {
            bad.add(r.data().actuator() + " " + r.data().outcome().name());
          }
        }
      }
      if (!any) {
        notApplied.add("epoch " + c.epoch() + " no result");
      } else if (!bad.isEmpty()) {
        notApplied.add("epoch " + c.epoch() + " " + String.join(", ", bad));
      }
    }
    return notApplied;
  }

  // ---- the picture ---------------------------------------------------------------------------

  private double x(Instant t) {
    double span = between(start, end).toMillis();
    double at = between(start, t).toMillis();
    return LEFT + Math.max(0, Math.min(1, at / span)) * (WIDTH - LEFT - RIGHT);
  }

  private void svg(Incident.Service service, CommandHistory history, CommandHistory whatIf)
      throws IOException {
    Map<String, List<Incident.Run>> rows = new LinkedHashMap<>(service.observations());
    incident.allServices.observations().forEach((k, v) -> rows.put("karmada: " + k, v));
    Set<String> actuators = new TreeSet<>();
    service.results().forEach(r -> actuators.add(r.data().actuator()));
    boolean overrides = !service.overrides().isEmpty() || !incident.allServiceOverrides.isEmpty();
    int axis = 26;
    int y = axis;
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

    w(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"incident\" width=\""
            + WIDTH
            + "\" height=\""
            + height
            + "\" viewBox=\"0 0 "
            + WIDTH
            + " "
            + height
            + "\">\n");
    w("<title>" + esc(service.id()) + ": incident timeline, UTC</title>\n");
    timeAxis(axis, height);

    // Verdict bands: one rect per verdict change.
    label(verdictTop, "verdict desktop");
    label(verdictTop + ROW, "verdict gke");
    for (Cluster cluster : Cluster.values()) {
      List<Transition> changes = new ArrayList<>();
      service.transitions().stream()
          .map(Event::data)
          .filter(t -> t.cluster() == cluster)
          .forEach(changes::add);
      int top = verdictTop + (cluster == Cluster.DESKTOP ? 0 : ROW);
      for (int i = 0; i < changes.size(); i++) {
        Transition t = changes.get(i);
        Instant until = i + 1 < changes.size() ? changes.get(i + 1).at() : end;
        double x1 = x(t.at());
        double width = Math.max(1, x(until) - x1);
        w(
            String.format(
                Locale.ROOT,
                "<rect class=\"verdict v-%s\" data-cluster=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\""
                    + " height=\"%d\"><title>%s %s: %s → %s at %s: %s</title></rect>\n",
                t.to().name(),
                cluster.wireName(),
                x1,
                top + 2,
                width,
                ROW - 4,
                esc(service.id()),
                cluster.wireName(),
                t.from().name(),
                t.to().name(),
                utc(t.at()),
                esc(t.reason())));
      }
    }

    // Observations: each run of one outcome as a dotted line, one dot per probe when they fit.
    int row = 0;
    for (Map.Entry<String, List<Incident.Run>> entry : rows.entrySet()) {
      int cy = observationsTop + row * ROW + ROW / 2;
      label(observationsTop + row * ROW, entry.getKey());
      w("<g class=\"observations\">");
      for (Incident.Run run : entry.getValue()) {
        double x1 = x(run.from());
        double x2 = x(run.to());
        double gap = run.count() > 1 ? (x2 - x1) / (run.count() - 1) : 0;
        w(
            String.format(
                Locale.ROOT,
                "<line class=\"obs o-%s\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\""
                    + " stroke-dasharray=\"0 %.1f\"><title>%s %s ×%d, %s to %s%s</title></line>",
                run.outcome().name(),
                x1,
                cy,
                x2,
                cy,
                Math.max(4.0, gap),
                esc(entry.getKey()),
                run.outcome().name(),
                run.count(),
                clock(run.from()),
                clock(run.to()),
                run.detail() == null ? "" : ": " + esc(run.detail())));
      }
      w("</g>\n");
      row++;
    }

    // Commands: a marker with the epoch, and a faint line through the whole picture.
    label(commandsTop, "commands (epoch)");
    int lane = 0;
    for (Event<Command> event : service.commands()) {
      Command c = event.data();
      double cx = x(c.issuedAt());
      int ty = commandsTop + 12 + (lane++ % 3) * 14;
      w(
          String.format(
              Locale.ROOT,
              "<g class=\"command\" data-epoch=\"%d\"><line class=\"cmdline\" x1=\"%.1f\" y1=\"%d\""
                  + " x2=\"%.1f\" y2=\"%d\"/><circle cx=\"%.1f\" cy=\"%d\" r=\"4\"/>"
                  + "<text x=\"%.1f\" y=\"%d\"%s>%d %s</text><title>epoch %d %s desktop %d / gke %d,"
                  + " placement %s at %s: %s%s</title></g>\n",
              c.epoch(),
              cx,
              axis,
              cx,
              height - 4,
              cx,
              ty - 4,
              // Near the right edge the label goes to the left of its marker.
              cx > WIDTH - 130 ? cx - 6 : cx + 6,
              ty,
              cx > WIDTH - 130 ? " text-anchor=\"end\"" : "",
              c.epoch(),
              shortMode(c),
              c.epoch(),
              c.mode().name(),
              c.routing().desktop(),
              c.routing().gke(),
              c.placement().name(),
              utc(c.issuedAt()),
              esc(c.reason()),
              c.dryRun() ? " (dry run)" : ""));
    }

    // Results: one row per actuator; APPLIED/UNCHANGED green, the others red and lettered.
    List<String> actuatorRows = new ArrayList<>(actuators);
    if (actuatorRows.isEmpty()) {
      label(resultsTop, "results: none");
    }
    for (int i = 0; i < actuatorRows.size(); i++) {
      label(resultsTop + i * ROW, "results " + actuatorRows.get(i));
    }
    for (Event<ActuationResult> event : service.results()) {
      ActuationResult r = event.data();
      double cx = x(r.completedAt());
      int cy = resultsTop + actuatorRows.indexOf(r.actuator()) * ROW + ROW / 2;
      boolean ok = APPLIED.contains(r.outcome());
      w(
          String.format(
              Locale.ROOT,
              "<g class=\"result r-%s\" data-epoch=\"%d\">%s<title>%s %s epoch %d at %s, attempt %d%s"
                  + "</title></g>\n",
              r.outcome().name(),
              r.epoch(),
              ok
                  ? String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%d\" r=\"4\"/>", cx, cy)
                  : String.format(
                      Locale.ROOT,
                      "<path d=\"M%.1f %dl8 8M%.1f %dl-8 8\"/><text x=\"%.1f\" y=\"%d\">%s</text>",
                      cx - 4,
                      cy - 4,
                      cx + 4,
                      cy - 4,
                      cx + 6,
                      cy + 4,
                      r.outcome().name()),
              esc(r.actuator()),
              r.outcome().name(),
              r.epoch(),
              utc(r.completedAt()),
              r.attempt(),
              r.detail() == null ? "" : ": " + esc(r.detail())));
    }

    if (overrides) {
      label(overridesTop, "overrides");
      List<Event<OperatorOverride>> all = new ArrayList<>(service.overrides());
      all.addAll(incident.allServiceOverrides);
      for (Event<OperatorOverride> event : all) {
        OperatorOverride o = event.data();
        double cx = x(o.requestedAt());
        int cy = overridesTop + ROW / 2;
        w(
            String.format(
                Locale.ROOT,
                "<g class=\"override\"><path d=\"M%.1f %dl5 5l-5 5l-5 -5z\"/><text x=\"%.1f\" y=\"%d\">"
                    + "%s</text><title>%s %s by %s at %s: %s</title></g>\n",
                cx,
                cy - 5,
                cx + 7,
                cy + 4,
                o.action().name(),
                esc(o.service()),
                o.action().name(),
                esc(o.requestedBy()),
                utc(o.requestedAt()),
                esc(o.reason())));
      }
    }

    // Placement: a band per command that changed it.
    label(placementTop, "placement");
    String placement = "PRIMARY";
    Instant since = start;
    List<Command> commands = history.commands();
    for (int i = 0; i <= commands.size(); i++) {
      Command c = i < commands.size() ? commands.get(i) : null;
      if (c != null && c.placement().name().equals(placement)) {
        continue;
      }
      Instant until = c == null ? end : c.issuedAt();
      w(
          String.format(
              Locale.ROOT,
              "<rect class=\"placement p-%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\">"
                  + "<title>placement %s from %s</title></rect>\n",
              placement,
              x(since),
              placementTop + 3,
              Math.max(0.5, x(until) - x(since)),
              ROW - 6,
              placement,
              utc(since)));
      if (c != null) {
        placement = c.placement().name();
        since = c.issuedAt();
      }
    }

    // Routing: the desktop's weight as a step chart; the what-if dashed.
    label(routingTop, "desktop weight %");
    w(
        String.format(
            Locale.ROOT,
            "<rect class=\"routingbox\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>"
                + "<text class=\"tick\" x=\"%d\" y=\"%d\">100</text>"
                + "<text class=\"tick\" x=\"%d\" y=\"%d\">0</text>\n",
            LEFT,
            routingTop,
            WIDTH - LEFT - RIGHT,
            ROUTING_HEIGHT,
            LEFT - 26,
            routingTop + 8,
            LEFT - 14,
            routingTop + ROUTING_HEIGHT));
    w(
        "<path class=\"routing\" d=\""
            + steps(history, routingTop)
            + "\"><title>routing as recorded"
            + "</title></path>\n");
    if (whatIf != null || extras.whatIf() != null) {
      CommandHistory would = whatIf == null ? new CommandHistory() : whatIf;
      w(
          "<path class=\"routing what-if\" d=\""
              + steps(would, routingTop)
              + "\"><title>what-if "
              + esc(extras.whatIfLabel())
              + "</title></path>\n");
    }
    w("</svg>\n");
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

  private static double weightY(Routing routing, int top) {
    return top + ROUTING_HEIGHT - routing.desktop() * ROUTING_HEIGHT / 100.0;
  }

  private void timeAxis(int axis, int height) throws IOException {
    Duration span = between(start, end);
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
    w("<g class=\"axis\">");
    w(
        String.format(
            Locale.ROOT,
            "<text class=\"tick\" x=\"%d\" y=\"12\">%s UTC</text>",
            4,
            start.atZone(ZoneOffset.UTC).toLocalDate()));
    for (; !tick.isAfter(end); tick = tick.plusSeconds(step)) {
      double tx = x(tick);
      w(
          String.format(
              Locale.ROOT,
              "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
                  + "<text class=\"tick\" x=\"%.1f\" y=\"%d\">%s</text>",
              tx,
              axis - 4,
              tx,
              height,
              tx - 22,
              axis - 8,
              step < 60 ? clock(tick).substring(0, 8) : clock(tick).substring(0, 5)));
    }
    w("</g>\n");
  }

  private void label(int top, String text) throws IOException {
    w(
        String.format(
            Locale.ROOT,
            "<text class=\"label\" x=\"4\" y=\"%d\">%s</text>\n",
            top + ROW - 5,
            esc(text)));
  }

  private static String shortMode(Command c) {
    return switch (c.mode()) {
      case PRIMARY -> "PRIMARY";
      case FAILING_OVER -> "FAILING_OVER";
      case FAILED_OVER -> "FAILED_OVER";
      case FAILING_BACK -> "BACK " + c.routing().desktop() + "%";
    };
  }

  // ---- the events table ----------------------------------------------------------------------

  private record Row(Instant at, String kind, String text, String css) {}

  private void table(Incident.Service service) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (Event<Transition> e : service.transitions()) {
      Transition t = e.data();
      rows.add(
          new Row(
              t.at(),
              "verdict",
              t.cluster().wireName() + " " + t.from() + " → " + t.to() + ": " + t.reason(),
              "v-" + t.to().name()));
    }
    for (Event<Command> e : service.commands()) {
      Command c = e.data();
      rows.add(
          new Row(
              c.issuedAt(),
              "command",
              "epoch "
                  + c.epoch()
                  + " "
                  + c.mode()
                  + " desktop "
                  + c.routing().desktop()
                  + " / gke "
                  + c.routing().gke()
                  + ", placement "
                  + c.placement()
                  + ": "
                  + c.reason()
                  + (c.dryRun() ? " (dry run)" : ""),
              "command"));
    }
    for (Event<ActuationResult> e : service.results()) {
      ActuationResult r = e.data();
      rows.add(
          new Row(
              r.completedAt(),
              "result",
              r.actuator()
                  + " "
                  + r.outcome()
                  + " epoch "
                  + r.epoch()
                  + (r.detail() == null ? "" : ": " + r.detail()),
              APPLIED.contains(r.outcome()) ? "" : "bad"));
    }
    List<Event<OperatorOverride>> overrides = new ArrayList<>(service.overrides());
    overrides.addAll(incident.allServiceOverrides);
    for (Event<OperatorOverride> e : overrides) {
      OperatorOverride o = e.data();
      rows.add(
          new Row(
              o.requestedAt(),
              "override",
              o.service() + " " + o.action() + " by " + o.requestedBy() + ": " + o.reason(),
              "override"));
    }
    for (Map.Entry<String, List<Incident.Run>> entry : service.observations().entrySet()) {
      for (Incident.Run run : entry.getValue()) {
        rows.add(
            new Row(
                run.from(),
                "probes",
                entry.getKey()
                    + " "
                    + run.outcome()
                    + " ×"
                    + run.count()
                    + " until "
                    + clock(run.to())
                    + (run.detail() == null ? "" : ": " + run.detail()),
                run.outcome() == Outcome.DOWN ? "bad" : ""));
      }
    }
    rows.sort(Comparator.comparing(Row::at));
    w(
        "<details><summary>"
            + rows.size()
            + " events ("
            + service.observationCount()
            + " observations shown as runs of the same outcome)</summary>\n<table class=\"events\">"
            + "<tr><th>time (UTC)</th><th>what</th><th></th></tr>\n");
    for (Row r : rows) {
      w(
          "<tr class=\""
              + r.css()
              + "\"><td>"
              + utc(r.at())
              + "</td><td>"
              + r.kind()
              + "</td><td>"
              + esc(r.text())
              + "</td></tr>\n");
    }
    w("</table></details>\n");
  }

  // ---- helpers -------------------------------------------------------------------------------

  private void w(String text) throws IOException {
    out.write(text);
  }

  private static Duration between(Instant a, Instant b) {
    return Duration.between(a, b);
  }

  static String utc(Instant at) {
    return Timestamps.utc(at);
  }

  static String clock(Instant at) {
    return Timestamps.clock(at);
  }

  static String duration(Duration d) {
    return Timestamps.duration(d);
  }

  /** Escapes text for HTML and XML (the SVG must stay well-formed XML). */
  static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder s = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> s.append("&lt;");
        case '>' -> s.append("&gt;");
        case '&' -> s.append("&amp;");
        case '"' -> s.append("&quot;");
        case '\'' -> s.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\t' && c != '\n') {
            s.append(' ');
          } else {
            s.append(c);
          }
        }
      }
    }
    return s.toString();
  }

  private static final String CSS =
      "body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#222}"
          + "h1{font-size:20px}h2{font-size:17px;margin-top:32px;border-top:1px solid #ccc;"
          + "padding-top:12px}.meta{color:#555}.same{color:#1b5e20;font-weight:600}"
          + ".different{color:#b71c1c;font-weight:600}.overview{margin:12px 0}"
          + "table.figures th{text-align:left;padding-right:16px;font-weight:600;"
          + "vertical-align:top}table.figures td{font-variant-numeric:tabular-nums}"
          + "table.events{border-collapse:collapse;font-size:12px}table.events td{padding:1px 8px;"
          + "border-bottom:1px solid #eee;font-variant-numeric:tabular-nums}"
          + "tr.bad td{color:#b71c1c}tr.command td{font-weight:600}"
          + "svg.incident{display:block;margin:8px 0;font-size:11px}"
          + "svg .label{fill:#333}svg .tick{fill:#777;font-size:10px}"
          + "svg .grid{stroke:#eee}svg .cmdline{stroke:#3949ab;stroke-opacity:.25;"
          + "stroke-dasharray:2 3}svg .command circle{fill:#3949ab}svg .command text{fill:#1a237e}"
          + ".v-UP{fill:#a5d6a7}.v-DOWN{fill:#ef9a9a}.v-UNKNOWN{fill:#e0e0e0}"
          + "svg .obs{stroke-width:5;stroke-linecap:round}svg .o-UP{stroke:#66bb6a}"
          + "svg .o-DOWN{stroke:#e53935}"
          + "svg .result circle{fill:#2e7d32}svg .result path{stroke:#c62828;stroke-width:2}"
          + "svg .result text{fill:#c62828;font-weight:600}"
          + "svg .override path{fill:#ef6c00}svg .override text{fill:#e65100}"
          + ".p-PRIMARY{fill:#c5cae9}.p-GKE{fill:#ffe082}"
          + "svg .routingbox{fill:none;stroke:#ddd}"
          + "svg .routing{fill:none;stroke:#1565c0;stroke-width:2}"
          + "svg .routing.what-if{stroke:#8e24aa;stroke-dasharray:6 4}"
          + ".legend span{display:inline-block;margin-right:14px}"
          + ".sw{display:inline-block;width:12px;height:12px;vertical-align:-2px;margin-right:4px}"
          + ".sw.v-UP{background:#a5d6a7}.sw.v-DOWN{background:#ef9a9a}"
          + ".sw.v-UNKNOWN{background:#e0e0e0}.sw.p-PRIMARY{background:#c5cae9}"
          + ".sw.p-GKE{background:#ffe082}";

  private static final String LEGEND =
      "<p class=\"legend\"><span><i class=\"sw v-UP\"></i>verdict UP</span>"
          + "<span><i class=\"sw v-DOWN\"></i>verdict DOWN</span>"
          + "<span><i class=\"sw v-UNKNOWN\"></i>UNKNOWN</span>"
          + "<span style=\"color:#66bb6a\">● probe UP</span>"
          + "<span style=\"color:#e53935\">● probe DOWN</span>"
          + "<span style=\"color:#3949ab\">● command (epoch)</span>"
          + "<span style=\"color:#2e7d32\">● applied</span>"
          + "<span style=\"color:#c62828\">✕ FAILED / STALE / REFUSED</span>"
          + "<span><i class=\"sw p-PRIMARY\"></i>placement PRIMARY</span>"
          + "<span><i class=\"sw p-GKE\"></i>placement GKE</span>"
          + "<span style=\"color:#1565c0\">━ desktop weight</span>"
          + "<span style=\"color:#8e24aa\">╍ what-if</span>"
          + " All times UTC; hover for details.</p>\n";
}
