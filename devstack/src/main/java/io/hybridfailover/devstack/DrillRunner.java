package io.hybridfailover.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hybridfailover.cli.postmortem.PostMortem;
import io.hybridfailover.devstack.drill.AlertExpectations;
import io.hybridfailover.devstack.drill.Drill;
import io.hybridfailover.devstack.drill.DrillSettings;
import io.hybridfailover.devstack.drill.Drills;
import io.hybridfailover.devstack.drill.Expectation;
import io.hybridfailover.devstack.drill.FaultFigures;
import io.hybridfailover.devstack.drill.Figures;
import io.hybridfailover.devstack.drill.Moment;
import io.hybridfailover.devstack.drill.Moment.CommandIssued;
import io.hybridfailover.devstack.drill.Moment.ResultPublished;
import io.hybridfailover.devstack.drill.OperatorFigures;
import io.hybridfailover.devstack.drill.Settling;
import io.hybridfailover.devstack.drill.Stages;
import io.hybridfailover.devstack.drill.Step;
import io.hybridfailover.devstack.drill.WorldShape;
import io.hybridfailover.devstack.world.LocalPrometheus;
import io.hybridfailover.devstack.world.Route;
import io.hybridfailover.devstack.world.World;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Placement;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;

/** Runs one drill in a fresh local world and judges it. */
public final class DrillRunner {

  /** How long a drill that returns home may take after its last step. */
  private static final Duration HOME_TIMEOUT = Duration.ofSeconds(120);

  private static final Duration STEADY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration SETTLE_SAMPLE = Duration.ofMillis(250);

  private final Path root;
  private final DrillSettings settings;
  private final Route route;
  private final PrintStream out;
  private volatile Instant start;
  private volatile Settled settled = new Settled(0, null, false);
  private boolean prometheus;
  private Integer services;
  private int brokers = 1;
  private Map<String, Object> alertsReport;

  /**
   * What came of a drill.
   *
   * @param failures one line per expectation not met; empty when the drill passed
   * @param report where the figures were written
   * @param pids the processes the drill started (all stopped by now)
   * @param ports the loopback ports its world listened on (all released by now)
   * @param postMortem the drill's export and report, with the rules' verdict on it (empty if it
   *     could not be written)
   */
  public record Outcome(
      Figures figures,
      List<String> failures,
      Path report,
      List<Long> pids,
      List<Integer> ports,
      Optional<PostMortem.Written> postMortem) {
    public boolean passed() {
      return failures.isEmpty();
    }
  }

  public DrillRunner(Path root, DrillSettings settings, PrintStream out) {
    this(root, settings, Route.HTTPROUTE, out);
  }

  /** Runs drills with {@code shop/web} routed by {@code route}. */
  public DrillRunner(Path root, DrillSettings settings, Route route, PrintStream out) {
    this.root = root;
    this.settings = settings;
    this.route = route;
    this.out = out;
  }

  /** With a real Prometheus judging the drill's alerts ({@code ./demo --prometheus}). */
  public DrillRunner withPrometheus(boolean on) {
    this.prometheus = on;
    return this;
  }

  /**
   * Drills run in a world of {@code count} services ({@code ./demo --services N}); null keeps each
   * drill's own (one, or a fleet drill's hundred).
   */
  public DrillRunner withServices(Integer count) {
    this.services = count;
    return this;
  }

  /** With at least {@code brokers} Kafka brokers in every drill's world ({@code --brokers}). */
  public DrillRunner withBrokers(int brokers) {
    this.brokers = brokers;
    return this;
  }

  public Outcome run(Drill asDeclared) throws Exception {
    Drill drill = services == null ? asDeclared : asDeclared.withServices(services);
    Path work = root.resolve("target").resolve("drill").resolve(drill.name());
    say("drill " + drill.name() + ": " + drill.summary() + " (route: " + route.kind() + ")");
    say("logs and configuration of every process: " + root.relativize(work));
    World world = World.create(root, work, settings, route, this::say);
    // Ctrl-C or a kill, even during start-up: stop everything this drill started.
    Thread stopWorld =
        new Thread(
            () -> {
              say("interrupted: stopping everything the drill started");
              world.close();
            },
            "stop-local-world");
    Runtime.getRuntime().addShutdownHook(stopWorld);
    List<Moment> timeline;
    Figures.UserCounts user;
    List<Long> pids;
    List<Integer> ports;
    Optional<PostMortem.Written> postMortem;
    Instant worldStarted = Instant.now();
    LocalPrometheus alerts = null;
    List<LocalPrometheus.Firing> firings = List.of();
    List<LocalPrometheus.Firing> startUpFirings = List.of();
    try {
      world.variant(Drills.variant(drill.name()));
      WorldShape shape = drill.shape().withBrokers(brokers);
      if (shape.brokers() < brokers) {
        say("  one broker: this drill's proxy stands in front of a single broker");
      }
      world.start(drill.coldStandby(), shape, this::showLive);
      if (prometheus) {
        alerts = world.startPrometheus();
      }
      pids = world.pids();
      ports = world.ports();
      say(
          "waiting until the decider sees the desktop UP"
              + (drill.coldStandby() ? "" : " and GKE UP"));
      world.awaitSteady(!drill.coldStandby(), STEADY_TIMEOUT);
      settled = awaitSettled(world);
      say("steady: traffic on the desktop; the drill begins (times are from its first fault)");
      Optional<Moment.MeshReport> mesh =
          Drills.variant(drill.name()).reportsMesh()
              ? Optional.of(world.meshReport(Instant.now()))
              : Optional.empty();
      start = Instant.now();
      if (alerts != null) {
        alerts.judgeFromNowOn();
      }
      // Read before the first fault; on the timeline at its start (earlier moments are cut).
      if (mesh.isPresent()) {
        world.record(new Moment.MeshReport(start, mesh.get().applied(), mesh.get().said()));
      }
      world.resetUser();
      for (Step step : drill.steps()) {
        sleepUntil(start.plus(step.at()));
        // Timed when it begins: an operator override returns only once acknowledged.
        Instant began = Instant.now();
        world.apply(step.action());
        world.record(new Moment.DrillStep(began, step.action()));
      }
      if (drill.returnsHome()) {
        say("faults over; waiting for traffic and placement to come home");
        awaitHome(world, start.plus(drill.lastStep()).plus(HOME_TIMEOUT));
      } else {
        say("watching for " + drill.quietFor().toSeconds() + " s more");
        sleepUntil(start.plus(drill.lastStep()).plus(drill.quietFor()));
      }
      // Requests still in flight get their answer (or their timeout) before counting.
      Thread.sleep(settings.userTimeout().toMillis() + 200);
      Figures.UserCounts counted = world.userCounts();
      user =
          new Figures.UserCounts(counted.requests(), counted.errors(), world.userErrorsByService());
      pids = world.pids(); // with any process a fault drill started again
      timeline = world.timeline().stream().filter(m -> !m.at().isBefore(start)).toList();
      postMortem = leavePostMortem(world, work, worldStarted);
      if (alerts != null) {
        firings = awaitExpectedAlerts(alerts, drill.alerts());
        startUpFirings = alerts.startUpFirings();
      }
    } finally {
      say("stopping everything the drill started");
      world.close();
      removeHook(stopWorld);
    }

    Figures figures = Figures.of(drill, timeline, start, user, settings);
    List<String> failures = new ArrayList<>();
    List<Map<String, Object>> checks = new ArrayList<>();
    for (Expectation expectation : drill.expectations()) {
      Optional<String> violation = expectation.violation(figures, timeline, settings);
      violation.ifPresent(v -> failures.add(expectation.description() + ": " + v));
      checks.add(check(expectation, violation));
    }
    if (prometheus) {
      alertsReport = judgeAlerts(drill, firings, startUpFirings, failures, checks);
    }
    Optional<OperatorFigures> operator = OperatorFigures.of(timeline);
    printTimeline(timeline);
    operator.ifPresent(this::printOperatorFigures);
    Optional<io.hybridfailover.devstack.drill.PracticeFigures> practice =
        io.hybridfailover.devstack.drill.PracticeFigures.of(timeline);
    practice.ifPresent(p -> p.lines().forEach(out::println));
    printFigures(figures, failures, checks);
    Path report = writeReport(figures, operator, practice, checks, failures.isEmpty());
    out.println("figures written to " + root.relativize(report));
    return new Outcome(figures, failures, report, pids, ports, postMortem);
  }

  /**
   * Before the broker stops: the drill's events exported as {@code hybrid export} does, the rules
   * replayed on them as {@code hybrid replay --compare} does, and the page of {@code hybrid
   * report}. A failure here is reported and does not fail the drill.
   */
  private Optional<PostMortem.Written> leavePostMortem(World world, Path work, Instant from) {
    Properties client = new Properties();
    client.setProperty("bootstrap.servers", world.bootstrap());
    try {
      PostMortem.Written written =
          PostMortem.write(
              client,
              from.minusSeconds(5),
              Instant.now().plusSeconds(1),
              List.of(world.deciderConfigFile()),
              work.resolve("events.jsonl"),
              work.resolve("report.html"));
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
      return Optional.of(written);
    } catch (Exception e) {
      say("post-mortem not written: " + e);
      return Optional.empty();
    }
  }

  private void awaitHome(World world, Instant deadline) throws InterruptedException {
    while (Instant.now().isBefore(deadline)) {
      List<Moment> timeline = world.timeline();
      Optional<CommandIssued> home =
          timeline.stream()
              .filter(m -> !m.at().isBefore(start))
              .filter(CommandIssued.class::isInstance)
              .map(CommandIssued.class::cast)
              .filter(c -> c.mode() == Mode.PRIMARY && c.placement() == Placement.PRIMARY)
              .reduce((a, b) -> b);
      if (home.isPresent()) {
        long results =
            timeline.stream()
                .filter(m -> m instanceof ResultPublished r && r.epoch() == home.get().epoch())
                .count();
        if (results >= 2 && fleetHome(world, timeline)) {
          Thread.sleep(1_000); // anything that still follows shows in the timeline
          return;
        }
      }
      Thread.sleep(200);
    }
    say("gave up waiting: nothing came home within " + HOME_TIMEOUT.toSeconds() + " s");
  }

  /**
   * Whether every other service of the fleet is home too: its newest command PRIMARY, applied by
   * both actuators (or none since the drill began).
   */
  private boolean fleetHome(World world, List<Moment> timeline) {
    Map<String, Moment.FleetCommand> newest = new java.util.HashMap<>();
    Map<String, java.util.Set<String>> applied = new java.util.HashMap<>();
    for (Moment moment : timeline) {
      if (moment.at().isBefore(start)) {
        continue;
      }
      if (moment instanceof Moment.FleetCommand c) {
        newest.put(c.service(), c);
      } else if (moment instanceof Moment.FleetResult r
          && (r.outcome() == io.hybridfailover.events.ActuationOutcome.APPLIED
              || r.outcome() == io.hybridfailover.events.ActuationOutcome.UNCHANGED)) {
        applied
            .computeIfAbsent(r.service() + "#" + r.epoch(), k -> new java.util.HashSet<>())
            .add(r.actuator());
      }
    }
    for (String service : world.services().subList(1, world.services().size())) {
      Moment.FleetCommand command = newest.get(service);
      if (command == null) {
        continue; // never left home during the drill
      }
      if (command.mode() != Mode.PRIMARY
          || applied.getOrDefault(service + "#" + command.epoch(), java.util.Set.of()).size() < 2) {
        return false;
      }
    }
    return true;
  }

  private void say(String line) {
    out.println("[demo] " + line);
    out.flush();
  }

  /** Progress while the drill runs: its steps and what changes what users see. */
  private void showLive(Moment moment) {
    if (start == null) {
      return;
    }
    if (moment instanceof Moment.DrillStep
        || moment instanceof CommandIssued
        || moment instanceof Moment.RoutingChange
        || moment instanceof Moment.PlacementChange
        || moment instanceof Moment.GkeCopy
        || (moment instanceof Moment.VerdictChange v && v.to().name().equals("DOWN"))) {
      out.println("  " + line(moment));
      out.flush();
    }
  }

  private String line(Moment moment) {
    double seconds = Duration.between(start, moment.at()).toMillis() / 1000.0;
    return String.format(
        Locale.ROOT, "%+9.3fs  %-9s  %s", seconds, moment.kind(), moment.describe());
  }

  private void printTimeline(List<Moment> timeline) {
    out.println();
    out.println("Timeline (seconds from the first fault)");
    timeline.stream()
        .filter(Moment::shownInTimeline)
        .forEach(moment -> out.println("  " + line(moment)));
  }

  private void printFigures(Figures f, List<String> failures, List<Map<String, Object>> checks) {
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
    row("false failovers", String.valueOf(f.falseFailovers()));
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
    printFleet(f.fleet());
    List<String> stages = Stages.lines(f.stagesMs());
    if (!stages.isEmpty()) {
      out.println();
      stages.forEach(out::println);
    }
    out.println();
    for (Map<String, Object> check : checks) {
      out.println(checkLine(check));
    }
    out.println(failures.isEmpty() ? "Drill passed." : "Drill FAILED.");
  }

  /** One expectation's verdict, as the JSON holds it: its description, passed, and why not. */
  static Map<String, Object> check(Expectation expectation, Optional<String> violation) {
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("expectation", expectation.description());
    check.put("passed", violation.isEmpty());
    violation.ifPresent(v -> check.put("detail", v));
    return check;
  }

  /** {@code FAIL <expectation>: <why>} (or {@code PASS <expectation>}), as the screen shows it. */
  static String checkLine(Map<String, Object> check) {
    return "  "
        + (Boolean.TRUE.equals(check.get("passed")) ? "PASS  " : "FAIL  ")
        + check.get("expectation")
        + (check.containsKey("detail") ? ": " + check.get("detail") : "");
  }

  /**
   * The alerts fired so far, once every alert the drill expects has fired or the latest time it may
   * fire has passed: a drill may end before an alert is due.
   */
  private List<LocalPrometheus.Firing> awaitExpectedAlerts(
      LocalPrometheus alerts, AlertExpectations expected) throws InterruptedException {
    Duration latest =
        expected.fireWithin().values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
    Instant deadline = start.plus(latest);
    while (Instant.now().isBefore(deadline)
        && !alerts.firstFirings().stream()
            .map(LocalPrometheus.Firing::alert)
            .toList()
            .containsAll(expected.fireWithin().keySet())) {
      Thread.sleep(250);
    }
    return alerts.firstFirings();
  }

  /**
   * The alerts Prometheus fired, each with its first firing from the first fault, on screen and for
   * the report; the drill's alert expectations judged on them.
   */
  private Map<String, Object> judgeAlerts(
      Drill drill,
      List<LocalPrometheus.Firing> firings,
      List<LocalPrometheus.Firing> startUpFirings,
      List<String> failures,
      List<Map<String, Object>> checks) {
    Map<String, Long> firstMs = new LinkedHashMap<>();
    List<Map<String, Object>> fired = new ArrayList<>();
    out.println();
    out.println(
        "Alerts (a real Prometheus, deploy/monitoring's rules, every for: divided by "
            + LocalPrometheus.FOR_SCALE
            + "; first firing, from the first fault)");
    for (LocalPrometheus.Firing firing : firings) {
      long ms = Duration.between(start, firing.at()).toMillis();
      firstMs.put(firing.alert(), ms);
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("alert", firing.alert());
      one.put("firstFiringMs", ms);
      one.put("labels", firing.labels());
      fired.add(one);
      row(firing.alert(), String.format(Locale.ROOT, "%+.1f s  %s", ms / 1000.0, firing.labels()));
    }
    if (firings.isEmpty()) {
      out.println("  none fired");
    }
    // Fired and judged apart: the world starting on a busy machine is not what the drill drills.
    List<Map<String, Object>> startUp = new ArrayList<>();
    for (LocalPrometheus.Firing firing : startUpFirings) {
      long ms = Duration.between(start, firing.at()).toMillis();
      startUp.add(Map.of("alert", firing.alert(), "firstFiringMs", ms, "labels", firing.labels()));
      row(
          firing.alert(),
          String.format(
              Locale.ROOT,
              "%+.1f s  %s  (while the world started: not judged)",
              ms / 1000.0,
              firing.labels()));
    }
    if (!drill.alerts().declared()) {
      out.println("  (drill " + drill.name() + " declares no alerts: shown, not judged)");
    }
    for (AlertExpectations.Check check : drill.alerts().checks(firstMs)) {
      check.violation().ifPresent(v -> failures.add(check.description() + ": " + v));
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("expectation", check.description());
      line.put("passed", check.violation().isEmpty());
      check.violation().ifPresent(v -> line.put("detail", v));
      checks.add(line);
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("forScale", LocalPrometheus.FOR_SCALE);
    report.put("declared", drill.alerts().declared());
    report.put("fired", fired);
    report.put("firedWhileStarting", startUp);
    return report;
  }

  private void row(String label, String value) {
    out.println(String.format(Locale.ROOT, "  %-48s %s", label, value));
  }

  private static String ms(Long millis) {
    return millis == null ? "-" : millis + " ms";
  }

  /** Each service's failover, and the stuck one's results; one line for a world of one service. */
  private void printFleet(io.hybridfailover.devstack.drill.FleetReport report) {
    io.hybridfailover.devstack.drill.FleetFigures fleet = report.fleet();
    io.hybridfailover.devstack.drill.FleetFigures.Spread spread = fleet.serviceFailoverMs();
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
      for (io.hybridfailover.devstack.drill.FleetReport.StuckResult r : report.stuckResults()) {
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

  private void printOperatorFigures(OperatorFigures f) {
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

  private Path writeReport(
      Figures figures,
      Optional<OperatorFigures> operator,
      Optional<io.hybridfailover.devstack.drill.PracticeFigures> practice,
      List<Map<String, Object>> checks,
      boolean passed)
      throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    @SuppressWarnings("unchecked")
    Map<String, Object> report = json.convertValue(figures, LinkedHashMap.class);
    operator.ifPresent(o -> report.put("operator", json.convertValue(o, LinkedHashMap.class)));
    practice.ifPresent(p -> report.put("practice", json.convertValue(p, LinkedHashMap.class)));
    report.put("settle", json.convertValue(settled, LinkedHashMap.class));
    if (alertsReport != null) {
      report.put("alerts", alertsReport);
    }
    report.put("expectations", checks);
    report.put("passed", passed);
    Path file = root.resolve("target").resolve("drill").resolve(figures.drill() + ".json");
    Files.createDirectories(file.getParent());
    json.writeValue(file.toFile(), report);
    return file;
  }

  /**
   * How the wait for a settled world went.
   *
   * @param waitedMs from the world steady to the first fault's go-ahead
   * @param cores what the world's processes used over the settle window just before the fault;
   *     {@code null} when the drill did not wait
   * @param settled whether that was below the settings' bound (false: timed out, or did not wait)
   */
  public record Settled(long waitedMs, Double cores, boolean settled) {}

  /** Waits until the world's processes use less CPU than the settings allow, or their timeout. */
  private Settled awaitSettled(World world) throws InterruptedException {
    DrillSettings.Settle settle = settings.settle();
    if (settle.timeout().isZero()) {
      return new Settled(0, null, false);
    }
    long began = System.nanoTime();
    long deadline = began + settle.timeout().toNanos();
    Settling settling = new Settling(settle.window());
    while (true) {
      long now = System.nanoTime();
      OptionalDouble cores = settling.add(now, world.cpuNanos());
      long waitedMs = (now - began) / 1_000_000;
      if (cores.isPresent() && cores.getAsDouble() < settle.belowCores()) {
        say(
            String.format(
                Locale.ROOT,
                "settled: the world used %.2f cores over the last %d s, %.1f s after it was steady",
                cores.getAsDouble(),
                settle.window().toSeconds(),
                waitedMs / 1000.0));
        return new Settled(waitedMs, cores.getAsDouble(), true);
      }
      if (now >= deadline) {
        Double used = cores.isPresent() ? cores.getAsDouble() : null;
        say(
            String.format(
                Locale.ROOT,
                "not settled within %d s (%s cores over the last %d s, bound %.2f): the drill"
                    + " begins anyway, and its times include start-up work",
                settle.timeout().toSeconds(),
                used == null ? "?" : String.format(Locale.ROOT, "%.2f", used),
                settle.window().toSeconds(),
                settle.belowCores()));
        return new Settled(waitedMs, used, false);
      }
      Thread.sleep(SETTLE_SAMPLE.toMillis());
    }
  }

  private static void sleepUntil(Instant when) throws InterruptedException {
    long millis = Duration.between(Instant.now(), when).toMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs anyway
    }
  }
}
