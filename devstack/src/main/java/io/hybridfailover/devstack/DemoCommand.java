package io.hybridfailover.devstack;

import io.hybridfailover.devstack.drill.Drill;
import io.hybridfailover.devstack.drill.DrillSettings;
import io.hybridfailover.devstack.drill.Drills;
import io.hybridfailover.devstack.drill.Summary;
import io.hybridfailover.devstack.run.DrillRunner;
import io.hybridfailover.devstack.run.PostMortemWriter;
import io.hybridfailover.devstack.world.LocalPrometheus;
import io.hybridfailover.devstack.world.Route;
import io.hybridfailover.devstack.world.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./demo [drill]}: the whole system on this machine, and a failover drill. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Starts the whole system locally (embedded Kafka, the four services as their own processes,"
          + " a mock Kubernetes API, the desktop and GKE copies of an app, a simulated Karmada,"
          + " a synthetic user), runs a drill, prints its timeline and figures, and stops"
          + " everything it started.",
      "Exit status: 0 the drill met its expectations, 1 it did not, 2 usage, 3 the world did"
          + " not start."
    })
public final class DemoCommand implements Callable<Integer> {

  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int NOT_STARTED = 3;

  @Parameters(
      index = "0",
      defaultValue = "outage",
      description =
          "the drill: outage (default), blackhole, flap, prober-loss, split-view,"
              + " cold-standby, operator, poison, decider-crash, decider-load, actuator-crash,"
              + " api-errors,"
              + " clock-skew, broker-restart, broker-loss, partition, fleet-outage,"
              + " fleet-stuck-write (--list says what each does)")
  String drill;

  @Option(
      names = "--route",
      defaultValue = "httproute",
      paramLabel = "httproute|trafficsplit",
      description =
          "how shop/web is routed: a Gateway API HTTPRoute (default) or linkerd-smi's"
              + " TrafficSplit")
  String route;

  @Option(
      names = "--prometheus",
      description =
          "also run a real Prometheus (Debian: apt-get install prometheus) scraping every process"
              + " with deploy/monitoring's alert rules (every for: divided by "
              + LocalPrometheus.FOR_SCALE
              + "), and judge the alerts each drill declares")
  boolean prometheus;

  @Option(
      names = "--services",
      paramLabel = "N",
      description =
          "how many services the local world manages: shop/web and N-1 more, spread over a few"
              + " namespaces, each with its own route, PropagationPolicy and binding (default: the"
              + " drill's own, 1; the fleet drills 100, decider-load 20); with --all it sizes the fleet"
              + " drills and decider-load only")
  Integer services;

  @Option(
      names = "--brokers",
      defaultValue = "1",
      paramLabel = "N",
      description =
          "Kafka brokers in the world: 1 (default), or 3 as production runs them (one KRaft"
              + " cluster, each broker its own process, contract topics at replication factor 3"
              + " and min.insync.replicas 2); broker-loss always runs three")
  int brokers;

  @Option(
      names = "--probe-interval",
      paramLabel = "MS",
      description =
          "how often each prober probes each target, in ms (default 250): a large fleet on a small"
              + " machine (./demo --services 200 --probe-interval 2000 fleet-outage); stale-after"
              + " follows (three intervals, at least 2 s), and so does the failover bound")
  Integer probeIntervalMs;

  @Option(names = "--list", description = "list the drills and exit")
  boolean list;

  @Option(
      names = "--all",
      description =
          "run every drill one after another, print one table of all figures, write"
              + " target/drill/summary.json; exit 1 if any drill failed")
  boolean all;

  @Option(
      names = "--root",
      description = "the repository root (default: the current directory)",
      defaultValue = ".")
  Path root;

  public static void main(String[] args) {
    System.exit(new CommandLine(new DemoCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (list) {
      Drills.all().forEach(d -> System.out.printf("%-18s %s%n", d.name(), d.summary()));
      return 0;
    }
    Route routeKind;
    try {
      routeKind = Route.ofOption(route);
    } catch (IllegalArgumentException e) {
      System.err.println("demo: " + e.getMessage());
      return USAGE;
    }
    if (services != null && services < 1) {
      System.err.println("demo: --services must be at least 1, not " + services);
      return USAGE;
    }
    if (probeIntervalMs != null && probeIntervalMs < 50) {
      System.err.println("demo: --probe-interval must be at least 50 ms, not " + probeIntervalMs);
      return USAGE;
    }
    if (brokers < 1) {
      System.err.println("demo: --brokers must be 1 or more, not " + brokers);
      return USAGE;
    }
    if (prometheus && !LocalPrometheus.installed()) {
      System.err.println("demo: " + LocalPrometheus.howToInstall());
      return NOT_STARTED;
    }
    if (all) {
      Path repo = root.toAbsolutePath().normalize();
      if (!built(repo)) {
        return NOT_STARTED;
      }
      return runAll(repo, routeKind, Drills.all(), prometheus, services, brokers, settings());
    }
    Drill chosen = Drills.byName(drill).orElse(null);
    if (chosen == null) {
      System.err.println("demo: unknown drill '" + drill + "'; try --list");
      return USAGE;
    }
    Path repo = root.toAbsolutePath().normalize();
    if (!built(repo)) {
      return NOT_STARTED;
    }
    DrillRunner.Outcome outcome;
    try {
      outcome =
          new DrillRunner(repo, settings(), routeKind, System.out)
              .withPrometheus(prometheus)
              .withServices(services)
              .withBrokers(brokers)
              .run(chosen);
    } catch (IllegalStateException e) {
      System.err.println("demo: " + e.getMessage());
      return NOT_STARTED;
    }
    return outcome.passed() ? 0 : FAILED;
  }

  private DrillSettings settings() {
    return probeIntervalMs == null
        ? DrillSettings.defaults()
        : DrillSettings.defaults().withProbeInterval(Duration.ofMillis(probeIntervalMs));
  }

  private static boolean built(Path repo) {
    List<Path> missing =
        World.requiredArtifacts(repo).stream().filter(p -> !Files.exists(p)).toList();
    if (!missing.isEmpty()) {
      System.err.println("demo: not built: " + missing + "; run ./demo from the repository root");
      return false;
    }
    return true;
  }

  /** Every drill in turn; one that cannot start counts as failed, and the next one runs. */
  static int runAll(Path repo, Route routeKind, List<Drill> drills) throws Exception {
    return runAll(repo, routeKind, drills, false, null, 1, DrillSettings.defaults());
  }

  static int runAll(
      Path repo,
      Route routeKind,
      List<Drill> drills,
      boolean prometheus,
      Integer services,
      int brokers,
      DrillSettings settings)
      throws Exception {
    List<Summary.Line> lines = new ArrayList<>();
    for (Drill one : drills) {
      long began = System.nanoTime();
      Summary.Line line;
      try {
        DrillRunner.Outcome outcome =
            new DrillRunner(repo, settings, routeKind, System.out)
                .withPrometheus(prometheus)
                .withServices(fleetSize(one, services))
                .withBrokers(brokers)
                .run(one);
        line =
            new Summary.Line(one.name(), outcome.figures(), outcome.failures(), millisSince(began));
      } catch (IllegalStateException e) {
        System.err.println("demo: " + one.name() + " could not run: " + e.getMessage());
        line =
            new Summary.Line(
                one.name(), null, List.of("could not run: " + e.getMessage()), millisSince(began));
      }
      lines.add(line);
      System.out.println();
    }
    System.out.println("Figures of all drills");
    System.out.print(Summary.table(lines));
    Path file = new PostMortemWriter(repo).writeSummary(lines);
    System.out.println("summary written to " + repo.relativize(file));
    return exitCode(lines);
  }

  /**
   * With {@code --all}, {@code --services} sizes the fleet drills only: the single-service drills
   * keep their own world, so that their figures stay comparable with {@code outage}'s.
   */
  static Integer fleetSize(Drill drill, Integer services) {
    return drill.shape().services() > 1 ? services : null;
  }

  /** 0 when every drill met its expectations, else {@link #FAILED}. */
  static int exitCode(List<Summary.Line> lines) {
    return lines.stream().allMatch(Summary.Line::passed) ? 0 : FAILED;
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
