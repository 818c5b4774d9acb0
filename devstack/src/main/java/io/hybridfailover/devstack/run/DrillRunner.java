package io.hybridfailover.devstack.run;

import io.hybridfailover.cli.postmortem.PostMortem;
import io.hybridfailover.devstack.drill.Drill;
import io.hybridfailover.devstack.drill.DrillSettings;
import io.hybridfailover.devstack.drill.Figures;
import io.hybridfailover.devstack.drill.Moment;
import io.hybridfailover.devstack.drill.OperatorFigures;
import io.hybridfailover.devstack.drill.PracticeFigures;
import io.hybridfailover.devstack.drill.Step;
import io.hybridfailover.devstack.drill.WorldShape;
import io.hybridfailover.devstack.world.LocalPrometheus;
import io.hybridfailover.devstack.world.Route;
import io.hybridfailover.devstack.world.World;
import io.hybridfailover.devstack.world.WorldComposer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs one drill in a fresh local world: composes the world its shape asks for, waits until it is
 * steady and settled, plays the steps, waits for everything to come home (or watches), leaves the
 * post-mortem, stops the world, then judges. What is printed is {@link DrillConsole}, what is
 * written {@link PostMortemWriter}, the judgement {@link DrillVerdict}.
 */
public final class DrillRunner {

  private static final Duration STEADY_TIMEOUT = Duration.ofSeconds(90);

  private final Path root;
  private final DrillSettings settings;
  private final Route route;
  private final DrillConsole console;
  private final PostMortemWriter writer;
  private boolean prometheus;
  private Integer services;
  private int brokers = 1;

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

  /** What a drill played in its world left to judge, once the world has stopped. */
  private record Played(
      Instant start,
      Settled settled,
      List<Moment> timeline,
      List<Moment> wholeTimeline,
      Figures.UserCounts user,
      List<Long> pids,
      List<Integer> ports,
      Optional<PostMortem.Written> postMortem,
      Optional<FiredAlerts> alerts) {}

  public DrillRunner(Path root, DrillSettings settings, PrintStream out) {
    this(root, settings, Route.HTTPROUTE, out);
  }

  /** Runs drills with {@code shop/web} routed by {@code route}. */
  public DrillRunner(Path root, DrillSettings settings, Route route, PrintStream out) {
    this.root = root;
    this.settings = settings;
    this.route = route;
    this.console = new DrillConsole(out, root);
    this.writer = new PostMortemWriter(root);
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
    Played played = play(drill);

    // The whole timeline: a failover decided during the world's start-up is a false one.
    Figures figures =
        Figures.of(drill, played.wholeTimeline(), played.start(), played.user(), settings);
    DrillVerdict verdict = DrillVerdict.of(drill, figures, played.timeline(), settings);
    if (played.alerts().isPresent()) {
      console.alerts(drill, played.alerts().get());
      verdict = verdict.withAlerts(drill, played.alerts().get());
    }
    Optional<OperatorFigures> operator = OperatorFigures.of(played.timeline());
    Optional<PracticeFigures> practice = PracticeFigures.of(played.timeline());
    console.timeline(played.timeline());
    operator.ifPresent(console::operatorFigures);
    practice.ifPresent(console::practiceFigures);
    console.figures(figures, settings, verdict);
    Path report = writer.writeFigures(figures, operator, practice, played.settled(), verdict);
    console.figuresWritten(report);
    return new Outcome(
        figures, verdict.failures(), report, played.pids(), played.ports(), played.postMortem());
  }

  /** Plays {@code drill} in a fresh world and stops it, whatever happens. */
  private Played play(Drill drill) throws Exception {
    Path work = root.resolve("target").resolve("drill").resolve(drill.name());
    console.say(
        "drill " + drill.name() + ": " + drill.summary() + " (route: " + route.kind() + ")");
    console.say("logs and configuration of every process: " + root.relativize(work));
    WorldShape shape = drill.shape().withBrokers(brokers);
    WorldComposer composer =
        WorldComposer.at(root, work, settings, console::say)
            .route(route)
            .variant(drill.variant())
            .shape(shape)
            .coldStandby(drill.coldStandby())
            .prometheus(prometheus)
            .live(console::showLive);
    // Ctrl-C or a kill, even during start-up: stop everything this drill started.
    Thread stopWorld =
        new Thread(
            () -> {
              console.say("interrupted: stopping everything the drill started");
              composer.close();
            },
            "stop-local-world");
    Runtime.getRuntime().addShutdownHook(stopWorld);
    try {
      if (shape.brokers() < brokers) {
        console.say("  one broker: this drill's proxy stands in front of a single broker");
      }
      World world = composer.start();
      List<Integer> ports = world.ports();
      console.say(
          "waiting until the decider sees the desktop UP"
              + (drill.coldStandby() ? "" : " and GKE UP"));
      world.awaitSteady(!drill.coldStandby(), STEADY_TIMEOUT);
      // The post-mortem starts one stale-after before here, not at the world's start (saturated:
      // the live decider may take observations late, which a replay cannot know). A vote rests on
      // the last stale-after of observations, so the replay, which starts cold, has the verdicts
      // the live decider had at this instant (a drill may begin at once).
      Instant postMortemFrom = Instant.now().minus(settings.staleAfter());
      Settled settled = SettleWait.await(world, settings, console);
      console.say(
          "steady: traffic on the desktop; the drill begins (times are from its first fault)");
      Optional<Moment.MeshReport> mesh =
          drill.variant().reportsMesh()
              ? Optional.of(world.meshReport(Instant.now()))
              : Optional.empty();
      Instant start = Instant.now();
      world.recordUsage();
      console.timeFrom(start);
      world.prometheus().ifPresent(LocalPrometheus::judgeFromNowOn);
      // Read before the first fault; on the timeline at its start (earlier moments are cut).
      mesh.ifPresent(m -> world.record(new Moment.MeshReport(start, m.applied(), m.said())));
      world.resetUser();
      for (Step step : drill.steps()) {
        sleepUntil(start.plus(step.at()));
        // Timed when it begins: an operator override returns only once acknowledged.
        Instant began = Instant.now();
        world.apply(step.action());
        world.record(new Moment.DrillStep(began, step.action()));
      }
      if (drill.returnsHome()) {
        console.say("faults over; waiting for traffic and placement to come home");
        HomeWait.await(world, start, start.plus(drill.lastStep()).plus(HomeWait.TIMEOUT), console);
      } else {
        console.say("watching for " + drill.quietFor().toSeconds() + " s more");
        sleepUntil(start.plus(drill.lastStep()).plus(drill.quietFor()));
      }
      // Requests still in flight get their answer (or their timeout) before counting.
      Thread.sleep(settings.userTimeout().toMillis() + 200);
      Figures.UserCounts counted = world.userCounts();
      Figures.UserCounts user =
          new Figures.UserCounts(counted.requests(), counted.errors(), world.userErrorsByService());
      world.recordUsage();
      world.recordDeciderGcPauses(start);
      List<Long> pids = world.pids(); // with any process a fault drill started again
      List<Moment> whole = world.timeline();
      List<Moment> timeline = whole.stream().filter(m -> !m.at().isBefore(start)).toList();
      Optional<PostMortem.Written> postMortem =
          writer.exportAndReplay(
              world.bootstrap(), world.deciderConfigFile(), work, postMortemFrom, console);
      Optional<FiredAlerts> alerts = Optional.empty();
      if (world.prometheus().isPresent()) {
        alerts = Optional.of(FiredAlerts.await(world.prometheus().get(), drill.alerts(), start));
      }
      return new Played(start, settled, timeline, whole, user, pids, ports, postMortem, alerts);
    } finally {
      console.say("stopping everything the drill started");
      composer.close();
      removeHook(stopWorld);
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
