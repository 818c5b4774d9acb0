package io.hybridfailover.cli.postmortem;

import io.hybridfailover.cli.postmortem.IncidentAnalytics.Figure;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Everything the post-mortem page shows, as plain values: the incident's span, the rules' verdict,
 * an overview of the services, and per service its headline figures, its picture ({@link Timeline})
 * and its events. Built from an {@link Incident} by {@link #of}; drawn by {@link HtmlReport}'s
 * templates, which only lay these values out.
 *
 * @param rules null when the rules were not replayed
 * @param overview one line per service, troubled ones first; empty with fewer than two services
 */
public record IncidentView(
    String input,
    String startUtc,
    String endUtc,
    String span,
    long events,
    int serviceCount,
    String settings,
    RulesVerdict rules,
    List<String> problems,
    List<OverviewLine> overview,
    List<ServiceView> services) {

  /** The problems list stops at this many (the reader keeps no more). */
  static final int PROBLEMS_KEPT = 100;

  /** Whether the replayed rules decide the recorded commands. */
  public record RulesVerdict(List<String> differences) {
    public boolean same() {
      return differences.isEmpty();
    }

    /** A long list is folded: the overview and the pictures come first. */
    public boolean open() {
      return differences.size() <= 5;
    }
  }

  public record OverviewLine(
      int index,
      String service,
      long downProbes,
      long desktopDownVerdicts,
      int moves,
      int flaps,
      String timeOnGke,
      int notApplied) {
    public boolean bad() {
      return notApplied > 0;
    }
  }

  /** One row of a service's events table. */
  public record EventRow(Instant at, String kind, String text, String css) {
    public String time() {
      return Timestamps.utc(at);
    }
  }

  public record ServiceView(
      int index,
      String id,
      List<Figure> figures,
      Timeline timeline,
      List<EventRow> events,
      long observationCount) {}

  public boolean moreProblems() {
    return problems.size() == PROBLEMS_KEPT;
  }

  /** The view of an incident with what the report adds to it (replays, what-if). */
  public static IncidentView of(Incident incident, HtmlReport.Extras extras) {
    Instant start = incident.start() == null ? Instant.EPOCH : incident.start();
    Instant last = incident.end() == null ? start : incident.end();
    Instant end = last.isAfter(start) ? last : start.plusSeconds(1);
    String whatIfLabel = extras.whatIf() == null ? null : extras.whatIfLabel();

    List<ServiceView> services = new ArrayList<>();
    int n = 0;
    for (Incident.Service service : incident.services().values()) {
      CommandHistory history = IncidentAnalytics.history(service);
      CommandHistory whatIf =
          extras.whatIf() == null ? null : extras.whatIf().decided().get(service.id());
      services.add(
          new ServiceView(
              n++,
              service.id(),
              IncidentAnalytics.figures(service, history, incident.end(), whatIfLabel, whatIf),
              Timeline.of(incident, service, history, whatIf, whatIfLabel, start, end),
              events(incident, service),
              service.observationCount()));
    }
    return new IncidentView(
        extras.input(),
        Timestamps.utc(start),
        Timestamps.utc(end),
        Timestamps.duration(Duration.between(start, end)),
        incident.events(),
        incident.services().size(),
        extras.settings(),
        extras.base() == null ? null : new RulesVerdict(extras.base().differences()),
        incident.problems(),
        overview(incident),
        services);
  }

  /** One line per service, services that moved traffic or had trouble first. */
  static List<OverviewLine> overview(Incident incident) {
    if (incident.services().size() < 2) {
      return List.of();
    }
    List<OverviewLine> lines = new ArrayList<>();
    int n = 0;
    for (Incident.Service service : incident.services().values()) {
      CommandHistory history = IncidentAnalytics.history(service);
      lines.add(
          new OverviewLine(
              n++,
              service.id(),
              IncidentAnalytics.downProbes(service),
              IncidentAnalytics.desktopDownTransitions(service),
              history.moves().size(),
              history.flaps(),
              Timestamps.duration(history.offDesktop(incident.end())),
              IncidentAnalytics.notApplied(service).size()));
    }
    lines.sort(
        Comparator.comparingInt((OverviewLine l) -> -(l.moves() + l.notApplied()))
            .thenComparingLong(l -> -l.downProbes())
            .thenComparingInt(OverviewLine::index));
    return lines;
  }

  /** Every event of the service in time order, observations as runs of the same outcome. */
  static List<EventRow> events(Incident incident, Incident.Service service) {
    List<EventRow> rows = new ArrayList<>();
    for (Event<Transition> e : service.transitions()) {
      Transition t = e.data();
      rows.add(
          new EventRow(
              t.at(),
              "verdict",
              t.cluster().wireName() + " " + t.from() + " → " + t.to() + ": " + t.reason(),
              "v-" + t.to().name()));
    }
    for (Event<Command> e : service.commands()) {
      Command c = e.data();
      rows.add(
          new EventRow(
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
          new EventRow(
              r.completedAt(),
              "result",
              r.actuator()
                  + " "
                  + r.outcome()
                  + " epoch "
                  + r.epoch()
                  + (r.detail() == null ? "" : ": " + r.detail()),
              IncidentAnalytics.APPLIED.contains(r.outcome()) ? "" : "bad"));
    }
    List<Event<OperatorOverride>> overrides = new ArrayList<>(service.overrides());
    overrides.addAll(incident.allServiceOverrides);
    for (Event<OperatorOverride> e : overrides) {
      OperatorOverride o = e.data();
      rows.add(
          new EventRow(
              o.requestedAt(),
              "override",
              o.service() + " " + o.action() + " by " + o.requestedBy() + ": " + o.reason(),
              "override"));
    }
    for (Map.Entry<String, List<Incident.Run>> entry : service.observations().entrySet()) {
      for (Incident.Run run : entry.getValue()) {
        rows.add(
            new EventRow(
                run.from(),
                "probes",
                entry.getKey()
                    + " "
                    + run.outcome()
                    + " ×"
                    + run.count()
                    + " until "
                    + Timestamps.clock(run.to())
                    + (run.detail() == null ? "" : ": " + run.detail()),
                run.outcome() == Outcome.DOWN ? "bad" : ""));
      }
    }
    rows.sort(Comparator.comparing(EventRow::at));
    return rows;
  }
}
