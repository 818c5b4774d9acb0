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
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The whole system on one machine: the embedded Kafka broker and the four packaged services, each
 * as its own process (three probers, quorum two), a mock Kubernetes API seeded like a real setup,
 * the desktop and GKE copies of {@code shop/web}, a simulated Karmada scheduler and a synthetic
 * user. Closing it stops everything it started, in reverse order.
 */
public final class World implements AutoCloseable {

  /** The services, by their module: each runs from its packaged application. */
  static final String PROBER = "health-prober";

  static final String DECIDER = "failover-decider";
  static final String SWITCHER = "traffic-switcher";
  static final String ACTUATOR = "karmada-actuator";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

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
  private String bootstrap;
  private KubeApiDouble api;
  private boolean closed;
  private WorldShape shape = WorldShape.PLAIN;
  private final List<ManagedProcess> deciders = new ArrayList<>();
  private ManagedProcess switcher;
  private ApiFaultProxy apiProxy;
  private PoisonProducer poison;
  private String activeDecider;

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
            Stream.of(brokerJar(root)),
            Stream.of(PROBER, DECIDER, SWITCHER, ACTUATOR).map(module -> appJar(root, module)))
        .toList();
  }

  private void startAll(boolean coldStandby, Consumer<Moment> live) throws Exception {
    deleteRecursively(work);
    Files.createDirectories(work);

    progress.accept("starting the Kafka broker (KRaft, embedded-kafka, its own process)");
    Path bootstrapFile = work.resolve("broker").resolve("bootstrap");
    ManagedProcess broker =
        own(
            ManagedProcess.start(
                "broker",
                List.of(
                    ManagedProcess.java(),
                    "-Xmx512m",
                    "-jar",
                    brokerJar(root).toString(),
                    "--bootstrap-file",
                    bootstrapFile.toString()),
                work.resolve("broker"),
                Map.of()));
    bootstrap = awaitFile(bootstrapFile, broker);

    progress.accept("starting the Kubernetes API double (fabric8 mock API server, CRUD mode)");
    api = own(KubeApiDouble.start(route));
    progress.accept(
        "  seeded at "
            + api.url()
            + ": Clusters desktop and gke (Ready),"
            + " PropagationPolicy shop/web (desktop), its ResourceBinding, "
            + route.kind()
            + " shop/web");

    desktop = own(new SwitchableApp("desktop", Behaviour.UP));
    gke = own(new SwitchableApp("gke", coldStandby ? Behaviour.REFUSED : Behaviour.UP));
    progress.accept(
        "started the desktop copy of shop/web on port "
            + desktop.port()
            + " and the GKE copy on port "
            + gke.port()
            + (coldStandby ? " (cold standby: not running until Karmada places it)" : ""));

    poison = new PoisonProducer(bootstrap, m -> recorder.add(m));
    recorder = own(new Recorder(bootstrap, api.client(), route, live, poison));
    own(poison);
    if (shape.apiFaults()) {
      apiProxy = own(new ApiFaultProxy(api.url()));
      progress.accept(
          "the actuators reach the API server through a fault-injecting proxy at "
              + apiProxy.url());
    }
    own(
        new SimulatedScheduler(
            api.client(), gke, coldStandby, settings.gkeStartDelay(), recorder::add));
    progress.accept(
        "started the simulated Karmada scheduler (GKE copy start delay "
            + (coldStandby ? settings.gkeStartDelay().toMillis() + " ms" : "none: warm standby")
            + ")");

    for (int i = 1; i <= shape.deciders(); i++) {
      String name = i == 1 ? DECIDER : DECIDER + "-" + i;
      Map<String, String> env = new LinkedHashMap<>();
      if (shape.deciders() > 1) {
        env.put("DECIDER_STANDBY_REPLICAS", "1");
      }
      deciders.add(startService(DECIDER, name, deciderConfig(name), env));
    }
    switcher = startService(SWITCHER, SWITCHER, switcherConfig(), Map.of());
    startService(ACTUATOR, ACTUATOR, actuatorConfig(), Map.of());
    for (int i = 1; i <= settings.probers(); i++) {
      String id = "prober-" + i;
      String clock = shape.proberClocks().get(id);
      Map<String, String> env = clock == null ? Map.of() : Faults.faketime(clock);
      if (clock != null) {
        progress.accept("  " + id + "'s clock is off by " + clock + " (libfaketime)");
      }
      probers.put(id, startService(PROBER, id, proberConfig(id), env));
    }
    progress.accept("waiting for the services to be ready (six JVMs on this machine)");
    for (ManagedProcess service : httpPorts.keySet()) {
      awaitReady(service);
    }

    user =
        own(
            new SyntheticUser(
                desktop,
                gke,
                recorder::desktopWeight,
                settings.userRate(),
                settings.userTimeout(),
                recorder::add));
    progress.accept("synthetic user sends " + settings.userRate() + " requests/s to shop/web");
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

  /** Sends the override with the operator tool's own code and waits for the decider's answer. */
  private void override(Operator operator) {
    Properties client = new Properties();
    client.put("bootstrap.servers", bootstrap);
    OverrideRequest.Outcome outcome =
        new OverrideRequest(client, Clock.systemUTC())
            .send(
                operator.action(),
                Recorder.SERVICE,
                operator.reason(),
                "drill",
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
    switcher = startService(SWITCHER, SWITCHER + "-restarted", switcherConfig(), Map.of(), port);
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
    ports.add(Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1)));
    return ports;
  }

  /** The processes the world started, for the no-stray-process check. */
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
    Path dir = work.resolve(name);
    Files.createDirectories(dir.resolve("config"));
    Map<String, String> all = new LinkedHashMap<>();
    all.put("quarkus.http.host", "127.0.0.1");
    all.put("quarkus.http.port", String.valueOf(port));
    all.put("kafka.bootstrap.servers", bootstrap);
    all.putAll(catalog(name));
    all.putAll(config);
    // Quarkus reads config/application.properties in the working directory: one file per process,
    // readable afterwards next to its log.
    StringBuilder properties = new StringBuilder("# written by ./demo for " + name + "\n");
    all.forEach((key, value) -> properties.append(key).append('=').append(value).append('\n'));
    Files.writeString(
        dir.resolve("config").resolve("application.properties"),
        properties,
        StandardCharsets.UTF_8);
    progress.accept("starting " + name + " (" + module + ", http port " + port + ")");
    ManagedProcess process =
        ManagedProcess.start(
            name,
            List.of(
                ManagedProcess.java(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                // Seven JVMs share this machine: quick start-up beats peak speed here.
                "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.port=" + port,
                "-jar",
                appJar(root, module).toString()),
            dir,
            processEnv(module, env));
    own(process);
    httpPorts.put(process, port);
    return process;
  }

  /** The shared service list, as every service reads it; each prober probes via its own path. */
  private Map<String, String> catalog(String via) {
    Map<String, String> catalog = new LinkedHashMap<>();
    String entry = "hybrid.services.\"shop/web\".";
    catalog.put(entry + "desktop.url", desktop.healthUrl(via));
    catalog.put(entry + "gke.url", gke.healthUrl(via));
    for (String cluster : List.of("desktop", "gke")) {
      catalog.put(entry + cluster + ".interval", settings.probeInterval().toMillis() + "ms");
      catalog.put(entry + cluster + ".timeout", settings.probeTimeout().toMillis() + "ms");
    }
    catalog.put(entry + "routing.kind", route.kind());
    catalog.put(entry + "routing.desktop-backend", "web-desktop");
    catalog.put(entry + "routing.gke-backend", "web");
    catalog.put(entry + "placement.kind", "PropagationPolicy");
    catalog.put(entry + "placement.name", "web");
    return catalog;
  }

  private Map<String, String> proberConfig(String id) {
    return Map.of("hybrid.prober.id", id);
  }

  private Map<String, String> processEnv(String module, Map<String, String> env)
      throws IOException {
    Map<String, String> all = new LinkedHashMap<>(env);
    boolean actuator = module.equals(SWITCHER) || module.equals(ACTUATOR);
    all.put(
        "KUBECONFIG",
        (actuator && apiProxy != null
                ? kubeconfig("kubeconfig-via-proxy", apiProxy.url())
                : kubeconfig())
            .toString());
    return all;
  }

  private Map<String, String> deciderConfig(String name) {
    Map<String, String> config = new LinkedHashMap<>(settings.deciderProperties());
    config.put("kafka-streams.state.dir", work.resolve(name).resolve("state").toString());
    // Names the Streams clients after the instance: the drill finds which one owns a task.
    config.put("kafka-streams.client.id", name);
    config.put("hybrid.service.instance-id", name);
    return config;
  }

  private Map<String, String> switcherConfig() {
    return Map.of("hybrid.switcher.drift-interval", "10s");
  }

  private Map<String, String> actuatorConfig() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("hybrid.actuator.reschedule-timeout", "5s");
    config.put("hybrid.actuator.confirm-poll-interval", "200ms");
    config.put("hybrid.actuator.drift-interval", "10s");
    return config;
  }

  /**
   * A kubeconfig for the API double, as users give one for the Karmada API server: the fabric8
   * client of the actuators reads {@code KUBECONFIG} at start-up.
   */
  private Path kubeconfig() throws IOException {
    return kubeconfig("kubeconfig", api.url());
  }

  private Path kubeconfig(String name, String server) throws IOException {
    Path file = work.resolve(name);
    if (!Files.exists(file)) {
      Files.writeString(
          file,
          String.join(
              "\n",
              "apiVersion: v1",
              "kind: Config",
              "clusters:",
              "  - name: local-world",
              "    cluster:",
              "      server: " + server,
              "users:",
              "  - name: drill",
              "    user:",
              "      token: local-world-has-no-auth",
              "contexts:",
              "  - name: local-world",
              "    context:",
              "      cluster: local-world",
              "      user: drill",
              "      namespace: shop",
              "current-context: local-world",
              ""));
    }
    return file;
  }

  private void awaitReady(ManagedProcess process) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    URI ready = URI.create("http://127.0.0.1:" + httpPorts.get(process) + "/q/health/ready");
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    Instant began = Instant.now();
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            process.name() + " exited during start-up; see " + process.log());
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          progress.accept(
              "  "
                  + process.name()
                  + " ready ("
                  + Duration.between(began, Instant.now()).toMillis()
                  + " ms after the others)");
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        process.name()
            + " not ready within "
            + START_TIMEOUT.toSeconds()
            + " s; see "
            + process.log());
  }

  private static String awaitFile(Path file, ManagedProcess owner)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (Files.isRegularFile(file)) {
        return Files.readString(file).trim();
      }
      if (!owner.isAlive()) {
        throw new IllegalStateException(owner.name() + " exited; see " + owner.log());
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(owner.name() + " did not start; see " + owner.log());
  }

  static Path brokerJar(Path root) {
    return root.resolve("embedded-kafka/target/embedded-kafka-0.1.0-SNAPSHOT.jar");
  }

  static Path appJar(Path root, String module) {
    return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
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
        .filter(process -> !process.name().equals("broker"))
        .forEach(ManagedProcess::requestStop);
    while (!started.isEmpty()) {
      AutoCloseable next = started.pop();
      try {
        next.close();
      } catch (Exception e) {
        progress.accept("could not stop " + next + ": " + e);
      }
    }
  }
}
