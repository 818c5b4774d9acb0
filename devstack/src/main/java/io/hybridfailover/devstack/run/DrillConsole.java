package io.hybridfailover.devstack.run;

import io.hybridfailover.cli.postmortem.PostMortem;
import io.hybridfailover.devstack.drill.Drill;
import io.hybridfailover.devstack.drill.DrillSettings;
import io.hybridfailover.devstack.drill.FaultFigures;
import io.hybridfailover.devstack.drill.Figures;
import io.hybridfailover.devstack.drill.FleetFigures;
import io.hybridfailover.devstack.drill.FleetReport;
import io.hybridfailover.devstack.drill.Moment;
import io.hybridfailover.devstack.drill.OperatorFigures;
import io.hybridfailover.devstack.drill.PracticeFigures;
import io.hybridfailover.devstack.drill.Stages;
import io.hybridfailover.devstack.world.LocalPrometheus;
import io.hybridfailover.devstack.world.LocalPrometheus.Firing;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a drill prints on screen: its progress ({@code [demo] ...}), the moments that change what
 * users see as they happen, then the timeline, the figures, the alerts and each expectation's
 * verdict. Times are seconds from the drill's first fault.
 */
public final class DrillConsole {

  private final PrintStream out;
  private final Path root;
  private volatile Instant start;

  DrillConsole(PrintStream out, Path root) {
    this.out = out;
    this.root = root;
  }

  /** From now on, moments are shown live and timed from {@code start}, the first fault. */
  void timeFrom(Instant start) {
    this.start = start;
  }

  /** A line of progress. */
  void say(String line) {
    out.println("[demo] " + line);
    out.flush();
  }

  /** Progress while the drill runs: its steps and what changes what users see. */
  void showLive(Moment moment) {
    if (start == null) {
      return;
    }
    if (moment instanceof Moment.DrillStep
        || moment instanceof Moment.CommandIssued
        || moment instanceof Moment.RoutingChange
        || moment instanceof Moment.PlacementChange
        || moment instanceof Moment.GkeCopy
        || (moment instanceof Moment.VerdictChange v && v.to().name().equals("DOWN"))) {
      out.println("  " + line(moment));
      out.flush();
    }
  }

  /** What the post-mortem found: the export, the report, and the rules replayed on them. */
  void postMortem(PostMortem.Written written) {
    say(
        String.format(
            Locale.ROOT,
            "post-mortem: %d events exported in %.1f s, report written in %.1f s; the rules"
                + " replayed on them: %s",
            written.records(),
            written.exportTime().toMillis() / 1000.0,
            written.reportTime().toMillis() / 1000.0,
            written.differences().isEmpty()
                ? "same decisions"
                : written.differences().size() + " differences"));
    written.differences().forEach(d -> say("  " + d));
    say("events: " + root.relativize(written.events()));
    say("report: " + root.relativize(written.report()));
  }

  /** The alerts Prometheus fired, each with its first firing from the first fault. */
  void alerts(Drill drill, FiredAlerts alerts) {
    out.println();
    out.println(
        "Alerts (a real Prometheus, deploy/monitoring's rules, every for: divided by "
            + LocalPrometheus.FOR_SCALE
            + "; first firing, from the first fault)");
    for (Firing firing : alerts.fired()) {
      row(
          firing.alert(),
          String.format(Locale.ROOT, "%+.1f s  %s", alerts.msOf(firing) / 1000.0, firing.labels()));
    }
    if (alerts.fired().isEmpty()) {
      out.println("  none fired");
    }
    // Fired and judged apart: the world starting on a busy machine is not what the drill drills.
    for (Firing firing : alerts.whileStarting()) {
      row(
          firing.alert(),
          String.format(
              Locale.ROOT,
              "%+.1f s  %s  (while the world started: not judged)",
              alerts.msOf(firing) / 1000.0,
              firing.labels()));
    }
    if (!drill.alerts().declared()) {
      out.println("  (drill " + drill.name() + " declares no alerts: shown, not judged)");
    }
  }

  void timeline(List<Moment> timeline) {
    out.println();
    out.println("Timeline (seconds from the first fault)");
    timeline.stream()
        .filter(Moment::shownInTimeline)
        .forEach(moment -> out.println("  " + line(moment)));
  }

  void operatorFigures(OperatorFigures f) {
    out.println();
    out.println("Operator overrides");
    row("freeze held routing with the desktop DOWN for", ms(f.freezeHeldMs()));
    row("routing changes while frozen", String.valueOf(f.routingChangesWhileFrozen()));
    row("force gke to routing 100 % on GKE", ms(f.forceToGkeMs()));
    row("routing changes while forced", String.valueOf(f.routingChangesWhileForced()));
    row("release to the first failback step", ms(f.releaseToFirstStepMs()));
    row("desktop UP to the first failback step", ms(f.desktopUpToFirstStepMs()));
    row("release to routing home", ms(f.releaseToHomeMs()));
    row("failback steps (desktop weight)", f.failbackWeights().toString());
  }

  void practiceFigures(PracticeFigures practice) {
    practice.lines().forEach(out::println);
  }

  /** The figures, {@code stagesMs}, and each expectation's verdict, then passed or FAILED. */
  void figures(Figures f, DrillSettings settings, DrillVerdict verdict) {
    out.println();
    out.println("Figures of drill " + f.drill());
    row("detection (first fault to desktop DOWN)", ms(f.detectionMs()));
    row(
        "failover (first fault to routing 100 % on GKE)",
        ms(f.failoverMs())
            + "   (bound interval x fall + timeout + 1 s = "
            + settings.failoverBound().toMillis()
            + " ms; fall x interval alone = "
            + settings.probeInterval().multipliedBy(settings.fall()).toMillis()
            + " ms)");
    row("failback (desktop healthy to routing back)", ms(f.failbackMs()));
    row(
        "routing changes",
        f.routingChanges() + " (" + f.failovers() + " failover, " + f.failbacks() + " failback)");
    row(
        "false failovers",
        f.falseFailovers()
            + (f.startUpFailovers() == 0
                ? ""
                : " (" + f.startUpFailovers() + " before the drill began)"));
    row(
        "user requests / errors",
        f.userRequests()
            + " / "
            + f.userErrors()
            + "  (availability "
            + f.availabilityPct()
            + " %)");
    row("command epochs", f.epochs().toString());
    FaultFigures faults = f.faults();
    row("lost commands (not applied by both actuators)", String.valueOf(faults.lostCommands()));
    row("stale writes (epoch lower than an earlier write)", String.valueOf(faults.staleWrites()));
    row(
        "dead letters (unexpected: valid records)",
        faults.deadLetters().values().stream().mapToLong(Long::longValue).sum()
            + " "
            + faults.deadLetters()
            + "  (unexpected "
            + faults.unexpectedDeadLetters()
            + "; invalid poison sent "
            + faults.poisonSent()
            + ", not dead-lettered "
            + faults.poisonNotDeadLettered()
            + ")");
    row("recovery (crash to next command applied by both)", ms(faults.recoveryMs()));
    row(
        "decider sessions lost (no decider killed) / longest GC pause",
        faults.deciderSessionsLost() + " / " + ms(faults.deciderLongestGcPauseMs()));
    row(
        "the world's processes: CPU (cores, average) / resident",
        (faults.worldCpuCores() == null ? "-" : faults.worldCpuCores())
            + " / "
            + (faults.worldResidentMb() == null ? "-" : faults.worldResidentMb() + " MB"));
    fleet(f.fleet());
    List<String> stages = Stages.lines(f.stagesMs());
    if (!stages.isEmpty()) {
      out.println();
      stages.forEach(out::println);
    }
    out.println();
    verdict.checks().forEach(check -> out.println(checkLine(check)));
    out.println(verdict.passed() ? "Drill passed." : "Drill FAILED.");
  }

  void figuresWritten(Path report) {
    out.println("figures written to " + root.relativize(report));
  }

  /** {@code FAIL <expectation>: <why>} (or {@code PASS <expectation>}), as the screen shows it. */
  public static String checkLine(Map<String, Object> check) {
    return "  "
        + (Boolean.TRUE.equals(check.get("passed")) ? "PASS  " : "FAIL  ")
        + check.get("expectation")
        + (check.containsKey("detail") ? ": " + check.get("detail") : "");
  }

  /** Each service's failover, and the stuck one's results; one line for a world of one service. */
  private void fleet(FleetReport report) {
    FleetFigures fleet = report.fleet();
    FleetFigures.Spread spread = fleet.serviceFailoverMs();
    row("services (failed over)", fleet.services() + " (" + fleet.failedOver() + ")");
    if (fleet.services() == 1) {
      return;
    }
    row(
        "per-service failover p50 / p95 / max",
        spread == null ? "-" : spread.p50() + " / " + spread.p95() + " / " + spread.max() + " ms");
    row("last service to fail over", ms(fleet.lastServiceFailoverMs()));
    long withErrors = report.userErrorsByService().size();
    long most =
        report.userErrorsByService().values().stream().mapToLong(Long::longValue).max().orElse(0);
    row("services with user errors (most for one)", withErrors + " (" + most + ")");
    if (report.stuckService() != null) {
      row("stuck service", report.stuckService());
      row("the others' slowest failover", ms(fleet.othersMaxFailoverMs()));
      for (FleetReport.StuckResult r : report.stuckResults()) {
        out.println(
            String.format(
                Locale.ROOT,
                "    %+8.3fs %s epoch %d %s: %s",
                r.atMs() / 1000.0,
                r.actuator(),
                r.epoch(),
                r.outcome(),
                r.detail()));
      }
    }
  }

  private String line(Moment moment) {
    double seconds = Duration.between(start, moment.at()).toMillis() / 1000.0;
    return String.format(
        Locale.ROOT, "%+9.3fs  %-9s  %s", seconds, moment.kind(), moment.describe());
  }

  private void row(String label, String value) {
    out.println(String.format(Locale.ROOT, "  %-48s %s", label, value));
  }

  private static String ms(Long millis) {
    return millis == null ? "-" : millis + " ms";
  }
}
