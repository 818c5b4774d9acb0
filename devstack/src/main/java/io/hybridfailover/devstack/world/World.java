package io.hybridfailover.devstack.world;

import io.hybridfailover.cli.live.OverrideRequest;
import io.hybridfailover.devstack.drill.Action;
import io.hybridfailover.devstack.drill.Action.KillProber;
import io.hybridfailover.devstack.drill.Action.Operator;
import io.hybridfailover.devstack.drill.Action.SetDesktop;
import io.hybridfailover.devstack.drill.Action.SetProberPath;
import io.hybridfailover.devstack.drill.Behaviour;
import io.hybridfailover.devstack.drill.DrillSettings;
import io.hybridfailover.devstack.drill.Figures.UserCounts;
import io.hybridfailover.devstack.drill.Moment;
import io.hybridfailover.devstack.drill.Moment.VerdictChange;
import io.hybridfailover.devstack.drill.WorldShape;
import io.hybridfailover.devstack.drill.WorldVariant;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Verdict;
import io.hybridfailover.events.kafka.EventSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The whole system on one machine: the embedded Kafka broker and the four packaged services, each
 * as its own process (three probers, quorum two), a mock Kubernetes API seeded like a real setup,
 * the desktop and GKE copies of {@code shop/web}, a simulated Karmada scheduler and a synthetic
 * user. Closing it stops everything it started, in reverse order.
 *
 * <p>It keeps the order of things and their ownership; what each service is told is {@link
 * ServiceConfigs}, starting a process {@link ServiceLauncher}, waiting for it {@link Readiness}.
 */
public final class World implements AutoCloseable {

  /** The services, by their module: each runs from its packaged application. */
  static final String PROBER = "health-prober";

  static final String DECIDER = "failover-decider";
  static final String SWITCHER = "traffic-switcher";
  static final String ACTUATOR = "karmada-actuator";

  private final Path root;
  private final Path work;
  private final DrillSettings settings;
  private final Route route;
  private final Consumer<String> progress;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final Map<String, ManagedProcess> probers = new LinkedHashMap<>();

  /** Each service process, with the HTTP port its health is asked on. */
  private final Map<ManagedProcess, Integer> httpPorts = new LinkedHashMap<>();

  private SwitchableApp desktop;
  private SwitchableApp gke;
  private Recorder recorder;
  private SyntheticUser user;
  private Fleet fleet;
  private String bootstrap;
  private KubeApiDouble api;
  private boolean closed;
  private WorldShape shape = WorldShape.PLAIN;
  private final List<ManagedProcess> deciders = new ArrayList<>();
  private ManagedProcess switcher;
  private ApiFaultProxy apiProxy;
  private PoisonProducer poison;
  private String activeDecider;
  private ServiceConfigs configs;
  private ServiceLauncher launcher;
  private ManagedProcess broker;
  private KafkaCluster cluster;
  private final List<String> brokerOptions = new ArrayList<>();
  private TcpProxy deciderProxy;
  private int secondListenerPort;
  private final List<LocalPrometheus.Target> scrapeTargets = new ArrayList<>();

  private World(
      Path root, Path work, DrillSettings settings, Route route, Consumer<String> progress) {
    this.root = root;
    this.work = work;
    this.settings = settings;
    this.route = route;
    this.progress = progress;
  }

  /**
   * A world not started yet: {@link #start} starts it, {@link #close} stops whatever was started.
   *
   * @param root the repository root (the packaged applications are under it)
   * @param work where each process gets its directory, configuration and log
   */
  public static World create(
      Path root, Path work, DrillSettings settings, Consumer<String> progress) {
    return create(root, work, settings, Route.HTTPROUTE, progress);
  }

  /**
   * As {@link #create(Path, Path, DrillSettings, Consumer)}, routing {@code shop/web} by {@code
   * route}.
   */
  public static World create(
      Path root, Path work, DrillSettings settings, Route route, Consumer<String> progress) {
    return new World(root, work, settings, route, progress);
  }

  /**
   * Starts everything. On failure, what was started keeps running until {@link #close}.
   *
   * @param coldStandby the GKE copy runs only while Karmada places the workload on GKE
   * @param live told every moment of the timeline as it is recorded
   */
  public void start(boolean coldStandby, Consumer<Moment> live) throws Exception {
    startAll(coldStandby, live);
  }

  /** Starts everything, shaped for a drill (a second decider, skewed clocks, a faulty API). */
  public void start(boolean coldStandby, WorldShape shape, Consumer<Moment> live) throws Exception {
    this.shape = shape;
    if (shape.needsFaketime()) {
      Faults.requireFaketime();
    }
    startAll(coldStandby, live);
  }

  /** The packaged applications the world runs; missing ones mean {@code ./demo} must build. */
  public static List<Path> requiredArtifacts(Path root) {
    return Stream.concat(
            Stream.of(ServiceLauncher.brokerJar(root)),
            Stream.of(PROBER, DECIDER, SWITCHER, ACTUATOR)
                .map(module -> ServiceLauncher.appJar(root, module)))
        .toList();
  }

  /** The desktop weight the synthetic user routes by (the mesh's, or the route's). */
  private java.util.function.IntSupplier userRoute;

  private java.util.function.ToIntFunction<String> userFleetRoute;

  /** The drill's Karmada and mesh, where they differ from the usual world's. */
  private WorldVariant variant = WorldVariant.USUAL;

  /** Before {@link #start}: the world the drill needs in Karmada and the mesh. */
  public void variant(WorldVariant variant) {
    this.variant = variant;
  }

  /**
   * What the traffic-switcher's health group {@code mesh} says of the route now, as a moment at
   * {@code at}; a report that cannot be read counts as not applied, with the reason.
   */
  public Moment.MeshReport meshReport(Instant at) {
    int port = httpPorts.get(switcher);
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    try {
      java.net.http.HttpResponse<String> response =
          http.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create("http://127.0.0.1:" + port + "/q/health/group/mesh"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      String body = response.body().replaceAll("\\s+", " ");
      return new Moment.MeshReport(at, response.statusCode() == 200, body);
    } catch (java.io.IOException e) {
      return new Moment.MeshReport(at, false, "cannot read the switcher's health: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Moment.MeshReport(at, false, "interrupted");
    }
  }

  private void startAll(boolean coldStandby, Consumer<Moment> live) throws Exception {
    deleteRecursively(work);
    Files.createDirectories(work);

    if (shape.brokers() > 1) {
      progress.accept(
          "starting "
              + shape.brokers()
              + " Kafka brokers of one KRaft cluster (embedded-kafka, each its own process;"
              + " contract topics replicated on 3, min.insync.replicas 2)");
      cluster = KafkaCluster.start(root, work, shape.brokers(), this::own);
      bootstrap = cluster.bootstrap();
    } else {
      startBroker();
    }

    progress.accept("starting the Kubernetes API double (fabric8 mock API server, CRUD mode)");
    api =
        own(
            KubeApiDouble.start(
                route, variant.seed(), variant.route() == null ? route.seed() : variant.route()));
    progress.accept(
        "  seeded at "
            + api.url()
            + ": Clusters desktop and gke (Ready),"
            + " PropagationPolicy shop/web (desktop), its ResourceBinding, "
            + route.kind()
            + " shop/web");

    fleet = new Fleet(shape.services());
    if (fleet.size() > 1) {
      fleet.seed(api.client(), route);
      progress.accept(
          "  and "
              + fleet.others().size()
              + " more services ("
              + String.join(", ", fleet.others().subList(0, Math.min(3, fleet.others().size())))
              + (fleet.others().size() > 3 ? ", ..." : "")
              + "), each with its own route, PropagationPolicy and ResourceBinding");
    }

    desktop = own(new SwitchableApp("desktop", Behaviour.UP));
    gke = own(new SwitchableApp("gke", coldStandby ? Behaviour.REFUSED : Behaviour.UP));
    progress.accept(
        "started the desktop copy of shop/web on port "
            + desktop.port()
            + " and the GKE copy on port "
            + gke.port()
            + (coldStandby ? " (cold standby: not running until Karmada places it)" : ""));

    poison =
        new PoisonProducer(
            bootstrap, m -> recorder.add(m), actor -> configs.identities().signer(actor));
    recorder = own(new Recorder(bootstrap, api.client(), route, live, poison, fleet.others()));
    own(poison);
    if (shape.apiFaults()) {
      apiProxy = own(new ApiFaultProxy(api.url()));
      progress.accept(
          "the actuators reach the API server through a fault-injecting proxy at "
              + apiProxy.url());
    }
    // The synthetic user routes by what the mesh applies: for an HTTPRoute, the simulated Linkerd.
    java.util.function.IntSupplier routedBy = recorder::desktopWeight;
    java.util.function.ToIntFunction<String> fleetRoutedBy = recorder::desktopWeight;
    if (route == Route.HTTPROUTE) {
      SimulatedMesh mesh = own(new SimulatedMesh(api.client()));
      routedBy = mesh::desktopWeight;
      fleetRoutedBy = mesh::desktopWeight;
      progress.accept(
          "started the simulated mesh (accepts a GAMMA route as Linkerd's policy controller does;"
              + " users follow it after the assumed propagation delay)");
    }
    userRoute = routedBy;
    userFleetRoute = fleetRoutedBy;
    own(new ClusterConditions(api.client(), desktop, recorder::add));
    progress.accept(
        "the desktop's Karmada Cluster condition follows Karmada's timings (checked every 10 s,"
            + " NotReady after 30 s of failures, Ready after 30 s of successes)");
    own(
        new SimulatedScheduler(
            api.client(), gke, coldStandby, settings.gkeStartDelay(), recorder::add));
    progress.accept(
        "started the simulated Karmada scheduler (GKE copy start delay "
            + (coldStandby ? settings.gkeStartDelay().toMillis() + " ms" : "none: warm standby")
            + ")");

    configs =
        new ServiceConfigs(
            work,
            settings,
            route,
            desktop,
            gke,
            api.url(),
            apiProxy == null ? null : apiProxy.url(),
            fleet);
    launcher = new ServiceLauncher(root, work, bootstrap, configs, progress);
    for (int i = 1; i <= shape.deciders(); i++) {
      String name = i == 1 ? DECIDER : DECIDER + "-" + i;
      Map<String, String> env = new LinkedHashMap<>();
      if (shape.deciders() > 1) {
        env.put("DECIDER_STANDBY_REPLICAS", "1");
      }
      Map<String, String> config = new LinkedHashMap<>(configs.decider(name));
      if (deciderProxy != null) {
        config.put("kafka.bootstrap.servers", deciderProxy.address());
      }
      deciders.add(startService(DECIDER, name, config, env));
    }
    switcher = startService(SWITCHER, SWITCHER, configs.switcher(), Map.of());
    startService(ACTUATOR, ACTUATOR, configs.actuator(), Map.of());
    for (int i = 1; i <= settings.probers(); i++) {
      String id = "prober-" + i;
      String clock = shape.proberClocks().get(id);
      Map<String, String> env = clock == null ? Map.of() : Faults.faketime(clock);
      if (clock != null) {
        progress.accept("  " + id + "'s clock is off by " + clock + " (libfaketime)");
      }
      Map<String, String> proberConfig = new LinkedHashMap<>(configs.prober(id));
      if (variant.karmadaSignal()) {
        proberConfig.put("hybrid.prober.karmada.enabled", "true");
      }
      probers.put(id, startService(PROBER, id, proberConfig, env));
    }
    progress.accept("waiting for the services to be ready (six JVMs on this machine)");
    for (Map.Entry<ManagedProcess, Integer> service : httpPorts.entrySet()) {
      Readiness.awaitReady(service.getKey(), service.getValue(), progress);
    }

    user =
        own(
            new SyntheticUser(
                desktop,
                gke,
                userRoute,
                fleet.services(),
                userFleetRoute,
                settings.userRate(),
                settings.userTimeout(),
                recorder::add));
    progress.accept(
        "synthetic user sends "
            + settings.userRate()
            + " requests/s to "
            + (fleet.size() > 1 ? "the " + fleet.size() + " services in turn" : "shop/web"));
  }

  /** The single broker, durable or behind a proxy as the drill's shape asks. */
  private void startBroker() throws Exception {
    progress.accept("starting the Kafka broker (KRaft, embedded-kafka, its own process)");
    brokerOptions.addAll(List.of("--bootstrap-file", brokerBootstrapFile().toString()));
    if (shape.durableBroker()) {
      Path logDir = work.resolve("broker").resolve("data");
      brokerOptions.addAll(
          List.of("--port", String.valueOf(Ports.free()), "--log-dir", logDir.toString()));
      progress.accept("  on a fixed port, its log directory kept in " + root.relativize(logDir));
    }
    if (shape.deciderViaProxy()) {
      int second = Ports.free();
      secondListenerPort = second;
      deciderProxy = own(TcpProxy.start(0, "127.0.0.1:" + second));
      brokerOptions.addAll(
          List.of(
              "--second-listener",
              String.valueOf(second),
              "--second-advertised",
              deciderProxy.address()));
      progress.accept(
          "  the decider reaches it only through a proxy at "
              + deciderProxy.address()
              + ", in front of a second listener that advertises the proxy");
    }
    broker =
        own(ServiceLauncher.startBroker(root, work.resolve("broker"), "broker", brokerOptions));
    bootstrap = Readiness.awaitFile(brokerBootstrapFile(), broker);
  }

  /**
   * Starts a real Prometheus scraping every service process started so far, with the alert rules of
   * deploy/monitoring ({@code ./demo --prometheus}); stopped with the world.
   */
  public LocalPrometheus startPrometheus() throws Exception {
    LocalPrometheus prometheus =
        LocalPrometheus.start(root, work.resolve("prometheus"), scrapeTargets, progress);
    own(prometheus.process());
    return own(prometheus);
  }

  /** The broker's bootstrap servers, once started. */
  public String bootstrap() {
    return bootstrap;
  }

  /** The decider's configuration, as it read it: the settings a replay of the drill needs. */
  public Path deciderConfigFile() {
    return work.resolve(DECIDER).resolve("config").resolve("application.properties");
  }

  /** Waits until the decider's verdicts say the world is as a drill expects it at its start. */
  public void awaitSteady(boolean gkeUp, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (verdictNow(Cluster.DESKTOP) == Verdict.UP
          && (verdictNow(Cluster.GKE) == Verdict.UP) == gkeUp) {
        if (deciders.size() > 1) {
          activeDecider = Faults.deciderOwningTheDecideTask(bootstrap);
          progress.accept(
              "  "
                  + activeDecider
                  + " has the decide task (all services); the other is its standby");
        }
        return;
      }
      Thread.sleep(100);
    }
    List<String> said =
        recorder.timeline().stream()
            .filter(VerdictChange.class::isInstance)
            .map(Moment::describe)
            .toList();
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
    for (Moment moment : recorder.timeline()) {
      if (moment instanceof VerdictChange v && v.cluster() == cluster) {
        now = v.to();
      }
    }
    return now;
  }

  public void apply(Action action) throws InterruptedException {
    if (action instanceof SetDesktop set) {
      desktop.behave(set.behaviour());
    } else if (action instanceof SetProberPath path) {
      desktop.behaveFor(path.prober(), path.behaviour());
    } else if (action instanceof KillProber kill) {
      probers.get(kill.prober()).kill();
    } else if (action instanceof Operator operator) {
      override(operator);
    } else {
      new Faults(this).apply(action);
    }
  }

  /** The drill operator's private key, which the decider trusts for {@code --as drill}. */
  String operatorKeyFile() {
    return configs.identities().operatorClient().get(EventSerializer.KEY_FILE_CONFIG);
  }

  /** Sends the override with the operator tool's own code and waits for the decider's answer. */
  private void override(Operator operator) {
    Properties client = new Properties();
    client.put("bootstrap.servers", bootstrap);
    client.putAll(configs.identities().operatorClient()); // signed: the decider checks it
    OverrideRequest.Outcome outcome =
        new OverrideRequest(client, Clock.systemUTC())
            .send(
                operator.action(),
                Recorder.SERVICE,
                operator.reason(),
                ActorIdentities.OPERATOR,
                Duration.ofSeconds(30));
    if (!outcome.acknowledged()) {
      throw new IllegalStateException(
          "the decider did not acknowledge " + operator.describe() + ": " + outcome.lines());
    }
    outcome.lines().forEach(line -> progress.accept("  acknowledged: " + line));
  }

  public List<Moment> timeline() {
    return recorder.timeline();
  }

  public void record(Moment moment) {
    recorder.add(moment);
  }

  public void resetUser() {
    user.reset();
  }

  public UserCounts userCounts() {
    return user.counts();
  }

  /** The synthetic user's errors since its reset, by service (services without any left out). */
  public Map<String, Long> userErrorsByService() {
    return user.errorsByService();
  }

  /**
   * The API holds up the writes of the fleet's stuck service ({@link
   * io.hybridfailover.devstack.drill.FleetServices#stuck}) to its route and PropagationPolicy.
   */
  void holdUpWritesOfTheStuckService(Duration duration) {
    String service = io.hybridfailover.devstack.drill.FleetServices.stuck(fleet.size());
    List<String> paths = fleet.objectPaths(service, route);
    apiProxy.stickWritesOf(paths, duration);
    progress.accept("  " + service + ": writes of " + paths + " held up");
  }

  /** Every service the world manages, {@code shop/web} first. */
  public List<String> services() {
    return fleet.services();
  }

  List<ManagedProcess> deciders() {
    return deciders;
  }

  /** The decider found deciding when the world became steady, if there are two. */
  java.util.Optional<String> activeDecider() {
    return java.util.Optional.ofNullable(activeDecider);
  }

  ManagedProcess switcher() {
    return switcher;
  }

  /** Starts the traffic-switcher again, on the same port and with the same configuration. */
  synchronized void restartSwitcher() throws Exception {
    int port = httpPorts.get(switcher);
    switcher = startService(SWITCHER, SWITCHER + "-restarted", configs.switcher(), Map.of(), port);
  }

  ManagedProcess broker() {
    return broker;
  }

  /** The brokers when there are several, else empty. */
  Optional<KafkaCluster> cluster() {
    return Optional.ofNullable(cluster);
  }

  /** Starts node {@code id} of the cluster again (same port, log directory) and waits for it. */
  void restartClusterNode(int id) throws Exception {
    cluster.restart(id, this::own);
  }

  /**
   * Starts the broker again with the options it first had (same port, same log directory) and waits
   * until it serves.
   */
  void restartBroker() throws Exception {
    Files.deleteIfExists(brokerBootstrapFile());
    ManagedProcess again;
    synchronized (this) {
      again =
          own(
              ServiceLauncher.startBroker(
                  root, work.resolve("broker"), "broker-restarted", brokerOptions));
      broker = again;
    }
    Readiness.awaitFile(brokerBootstrapFile(), again);
  }

  private Path brokerBootstrapFile() {
    return work.resolve("broker").resolve("bootstrap");
  }

  /** The proxy between the decider and the broker, if the drill put one there. */
  TcpProxy deciderProxy() {
    return deciderProxy;
  }

  /** Runs {@code then} on its own thread when the next moment that {@code match}es is recorded. */
  void onNext(java.util.function.Predicate<Moment> match, Runnable then) {
    recorder.onNext(match, then);
  }

  ApiFaultProxy apiProxy() {
    return apiProxy;
  }

  PoisonProducer poison() {
    return poison;
  }

  Consumer<String> progress() {
    return progress;
  }

  /** Where each process's directory, configuration and log are. */
  public Path work() {
    return work;
  }

  /** Every loopback port the world listens on: the broker, the API, the apps, the services. */
  public List<Integer> ports() {
    List<Integer> ports = new ArrayList<>(httpPorts.values());
    ports.add(api.port());
    ports.add(desktop.port());
    ports.add(gke.port());
    if (apiProxy != null) {
      ports.add(apiProxy.port());
    }
    if (deciderProxy != null) {
      ports.add(deciderProxy.port());
      ports.add(secondListenerPort);
    }
    if (cluster != null) {
      ports.addAll(cluster.ports());
    } else {
      ports.add(Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1)));
    }
    return ports;
  }

  /** The processes the world started, for the no-stray-process check. */
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

  public List<Long> pids() {
    return started.stream()
        .filter(ManagedProcess.class::isInstance)
        .map(p -> ((ManagedProcess) p).pid())
        .toList();
  }

  private ManagedProcess startService(
      String module, String name, Map<String, String> config, Map<String, String> env)
      throws Exception {
    return startService(module, name, config, env, Ports.free());
  }

  private ManagedProcess startService(
      String module, String name, Map<String, String> config, Map<String, String> env, int port)
      throws Exception {
    ManagedProcess process = own(launcher.start(module, name, config, env, port));
    if (!httpPorts.containsValue(port)) {
      scrapeTargets.add(new LocalPrometheus.Target(module, name, port));
    }
    httpPorts.put(process, port);
    return process;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.delete(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  /** Keeps {@code thing} to stop on close; stops it at once if the world is already closing. */
  private synchronized <T extends AutoCloseable> T own(T thing) throws Exception {
    if (closed) {
      thing.close();
      throw new IllegalStateException("stopped while starting");
    }
    started.push(thing);
    return thing;
  }

  /** Stops everything started, newest first; safe to call twice (and from a shutdown hook). */
  @Override
  public synchronized void close() {
    closed = true;
    // Every service gets SIGTERM at once, so that they shut down side by side.
    started.stream()
        .filter(ManagedProcess.class::isInstance)
        .map(ManagedProcess.class::cast)
        .filter(process -> !isBroker(process))
        .forEach(ManagedProcess::requestStop);
    // The broker last, even one started again during the drill: clients close while it serves.
    List<AutoCloseable> brokers = new ArrayList<>();
    while (!started.isEmpty()) {
      AutoCloseable next = started.pop();
      if (isBroker(next)) {
        brokers.add(next);
      } else {
        stop(next);
      }
    }
    // Side by side: a KRaft node stopping after the others have gone would wait for a quorum.
    brokers.stream()
        .filter(ManagedProcess.class::isInstance)
        .map(ManagedProcess.class::cast)
        .forEach(ManagedProcess::requestStop);
    brokers.forEach(this::stop);
  }

  private static boolean isBroker(AutoCloseable thing) {
    return thing instanceof ManagedProcess process && process.name().startsWith("broker");
  }

  private void stop(AutoCloseable thing) {
    try {
      thing.close();
    } catch (Exception e) {
      progress.accept("could not stop " + thing + ": " + e);
    }
  }
}
