package io.hybridfailover.devstack.world;

import io.hybridfailover.devstack.drill.Action;
import io.hybridfailover.devstack.drill.Action.KillProber;
import io.hybridfailover.devstack.drill.Action.Operator;
import io.hybridfailover.devstack.drill.Action.SetDesktop;
import io.hybridfailover.devstack.drill.Action.SetProberPath;
import io.hybridfailover.devstack.drill.Figures.UserCounts;
import io.hybridfailover.devstack.drill.Moment;
import io.hybridfailover.devstack.drill.Moment.VerdictChange;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The whole system on one machine, composed of parts by {@link WorldComposer}: the {@link Brokers},
 * the Kubernetes API double ({@link KubeApiDouble}) seeded for a {@link Fleet}, the app's {@link
 * AppCopies}, the {@link SimulatedControlPlane} (Karmada and Linkerd), the {@link Recorder} of the
 * timeline, {@link OurServices}, the {@link SyntheticUser}, optionally a {@link LocalPrometheus},
 * and the fault parts a drill's shape asks for ({@link ApiFaultProxy}, {@link PoisonProducer},
 * {@link DeciderPartition}, {@link SkewedClocks}). It plays a drill's actions on its parts ({@link
 * FaultActions} for the faults of our own parts) and stops everything on close ({@link Teardown}).
 */
public final class World implements AutoCloseable {

  private final Path work;
  private final Route route;
  private final Teardown teardown;
  private final Consumer<String> progress;
  private final Parts parts;

  /** The parts of a started world, as {@link WorldComposer} started them. */
  record Parts(
      Brokers brokers,
      KubeApiDouble api,
      Fleet fleet,
      AppCopies apps,
      Recorder recorder,
      PoisonProducer poison,
      Optional<ApiFaultProxy> apiProxy,
      ActorIdentities identities,
      OurServices services,
      SyntheticUser user,
      Optional<LocalPrometheus> prometheus) {}

  World(Path work, Route route, Teardown teardown, Consumer<String> progress, Parts parts) {
    this.work = work;
    this.route = route;
    this.teardown = teardown;
    this.progress = progress;
    this.parts = parts;
  }

  /** The packaged applications the world runs; missing ones mean {@code ./demo} must build. */
  public static List<Path> requiredArtifacts(Path root) {
    return Stream.concat(
            Stream.of(ServiceLauncher.brokerJar(root)),
            Stream.of(
                    OurServices.PROBER,
                    OurServices.DECIDER,
                    OurServices.SWITCHER,
                    OurServices.ACTUATOR)
                .map(module -> ServiceLauncher.appJar(root, module)))
        .toList();
  }

  /** The real Prometheus judging the drill's alerts, if the world runs one. */
  public Optional<LocalPrometheus> prometheus() {
    return parts.prometheus();
  }

  /** Waits until the decider's verdicts say the world is as a drill expects it at its start. */
  public void awaitSteady(boolean gkeUp, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (verdictNow(Cluster.DESKTOP) == Verdict.UP
          && (verdictNow(Cluster.GKE) == Verdict.UP) == gkeUp) {
        parts.services().findActiveDecider();
        return;
      }
      Thread.sleep(100);
    }
    List<String> said =
        timeline().stream().filter(VerdictChange.class::isInstance).map(Moment::describe).toList();
    throw new IllegalStateException(
        "the decider did not see the desktop UP"
            + (gkeUp ? " and GKE UP" : "")
            + " within "
            + timeout.toSeconds()
            + " s; its last transitions: "
            + (said.isEmpty() ? "none" : said.subList(Math.max(0, said.size() - 4), said.size()))
            + "; see the logs under "
            + work);
  }

  private Verdict verdictNow(Cluster cluster) {
    Verdict now = null;
    for (Moment moment : timeline()) {
      if (moment instanceof VerdictChange v && v.cluster() == cluster) {
        now = v.to();
      }
    }
    return now;
  }

  /** What the traffic-switcher says of the route now ({@code route-ignored}). */
  public Moment.MeshReport meshReport(Instant at) {
    return parts.services().meshReport(at);
  }

  /** Does what a drill's step says: to the app's copies, a prober, as an operator, or a fault. */
  public void apply(Action action) throws InterruptedException {
    if (action instanceof SetDesktop set) {
      parts.apps().desktop().behave(set.behaviour());
    } else if (action instanceof SetProberPath path) {
      parts.apps().desktop().behaveFor(path.prober(), path.behaviour());
    } else if (action instanceof KillProber kill) {
      parts.services().prober(kill.prober()).kill();
    } else if (action instanceof Operator operator) {
      new OperatorOverride(bootstrap(), parts.identities(), progress).send(operator);
    } else {
      new FaultActions(this).apply(action);
    }
  }

  /** The deciders' longest GC pauses since {@code since}, onto the timeline. */
  public void recordDeciderGcPauses(Instant since) {
    parts.services().recordDeciderGcPauses(since, this::record);
  }

  public List<Moment> timeline() {
    return parts.recorder().timeline();
  }

  public void record(Moment moment) {
    parts.recorder().add(moment);
  }

  public void resetUser() {
    parts.user().reset();
  }

  public UserCounts userCounts() {
    return parts.user().counts();
  }

  /** The synthetic user's errors since its reset, by service (services without any left out). */
  public Map<String, Long> userErrorsByService() {
    return parts.user().errorsByService();
  }

  /** Every service the world manages, {@code shop/web} first. */
  public List<String> services() {
    return parts.fleet().services();
  }

  /** The brokers' bootstrap servers. */
  public String bootstrap() {
    return parts.brokers().bootstrap();
  }

  /** The decider's configuration, as it read it: the settings a replay of the drill needs. */
  public Path deciderConfigFile() {
    return parts.services().deciderConfigFile();
  }

  /** Where each process's directory, configuration and log are. */
  public Path work() {
    return work;
  }

  /** Every loopback port the world listens on: the broker, the API, the apps, the services. */
  public List<Integer> ports() {
    List<Integer> ports = new ArrayList<>(parts.services().ports());
    ports.add(parts.api().port());
    ports.addAll(parts.apps().ports());
    parts.apiProxy().ifPresent(proxy -> ports.add(proxy.port()));
    ports.addAll(parts.brokers().ports());
    return ports;
  }

  /**
   * The CPU time the world's processes used so far, all threads together: the ones it started and
   * this one (the drill's recorder, synthetic user and API double live here). A process whose time
   * cannot be read counts nothing.
   */
  public long cpuNanos() {
    return Stream.concat(
            pids().stream().map(ProcessHandle::of), Stream.of(Optional.of(ProcessHandle.current())))
        .flatMap(Optional::stream)
        .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
        .mapToLong(Duration::toNanos)
        .sum();
  }

  /** The world's CPU time and resident memory now, onto the timeline. */
  public void recordUsage() {
    record(new Moment.WorldUsage(Instant.now(), cpuNanos(), residentBytes()));
  }

  /**
   * The resident memory of the world's processes and this one, summed (Linux: {@code VmRSS} of
   * {@code /proc/<pid>/status}); 0 where it cannot be read.
   */
  long residentBytes() {
    long sum = 0;
    List<Long> all = new ArrayList<>(pids());
    all.add(ProcessHandle.current().pid());
    for (long pid : all) {
      try {
        for (String line :
            java.nio.file.Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
          if (line.startsWith("VmRSS:")) {
            sum += Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
          }
        }
      } catch (java.io.IOException | RuntimeException e) {
        // gone, or not Linux
      }
    }
    return sum;
  }

  /** The processes the world started, for the no-stray-process check. */
  public List<Long> pids() {
    return teardown.pids();
  }

  /** Stops everything started, newest first; safe to call twice (and from a shutdown hook). */
  @Override
  public void close() {
    teardown.close();
  }

  /** The parts, for the fault actions. */
  Parts parts() {
    return parts;
  }

  Route route() {
    return route;
  }

  Consumer<String> progress() {
    return progress;
  }

  /** Runs {@code then} on its own thread when the next moment that {@code match}es is recorded. */
  void onNext(Predicate<Moment> match, Runnable then) {
    parts.recorder().onNext(match, then);
  }
}
