package io.hybridfailover.devstack.world;

import io.hybridfailover.devstack.drill.Moment;
import io.hybridfailover.devstack.drill.WorldShape;
import io.hybridfailover.devstack.drill.WorldVariant;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The four services of this project, each from its packaged application as its own process: one or
 * two deciders, one or two traffic-switchers, the karmada-actuator and the probers (quorum two),
 * some with a skewed clock. What each is told is {@link ServiceConfigs}, starting one {@link
 * ServiceLauncher}, waiting for it {@link Readiness}.
 */
final class OurServices {

  /** The services, by their module: each runs from its packaged application. */
  static final String PROBER = "health-prober";

  static final String DECIDER = "failover-decider";
  static final String SWITCHER = "traffic-switcher";
  static final String ACTUATOR = "karmada-actuator";

  private final ServiceLauncher launcher;
  private final Teardown teardown;
  private final Consumer<String> progress;

  /** Each service process, with the HTTP port its health is asked on. */
  private final Map<ManagedProcess, Integer> httpPorts = new LinkedHashMap<>();

  private final List<LocalPrometheus.Target> scrapeTargets = new ArrayList<>();
  private final List<ManagedProcess> deciders = new ArrayList<>();
  private DeciderStrain strain;
  private final Map<String, ManagedProcess> probers = new LinkedHashMap<>();
  private ManagedProcess switcher;

  /** The name (and, with several, the instance id) of {@link #switcher}. */
  private String switcherName = SWITCHER;

  private String activeDecider;

  private OurServices(ServiceLauncher launcher, Teardown teardown, Consumer<String> progress) {
    this.launcher = launcher;
    this.teardown = teardown;
    this.progress = progress;
  }

  /**
   * Starts every service and waits until each is ready.
   *
   * @param deciderBootstrap where the deciders reach the broker, if not where the others do
   */
  static OurServices start(
      ServiceLauncher launcher,
      WorldShape shape,
      WorldVariant variant,
      int probers,
      Optional<String> deciderBootstrap,
      Teardown teardown,
      Consumer<String> progress)
      throws Exception {
    OurServices services = new OurServices(launcher, teardown, progress);
    ServiceConfigs configs = launcher.configs();
    for (int i = 1; i <= shape.deciders(); i++) {
      String name = i == 1 ? DECIDER : DECIDER + "-" + i;
      Map<String, String> env = new LinkedHashMap<>();
      if (shape.deciders() > 1) {
        env.put("DECIDER_STANDBY_REPLICAS", "1");
      }
      Map<String, String> config = new LinkedHashMap<>(configs.decider(name));
      deciderBootstrap.ifPresent(address -> config.put("kafka.bootstrap.servers", address));
      services.deciders.add(services.start(DECIDER, name, config, env, Ports.free()));
    }
    services.startSwitchers(shape.switchers());
    services.start(ACTUATOR, ACTUATOR, configs.actuator(), Map.of(), Ports.free());
    // The probers start once every decider consumes: observations queued before that arrive
    // late, which the live decider holds against them (stale) and a replay of the drill, knowing
    // only event times, cannot; as in production, where the decider is up before the probers.
    progress.accept("waiting for the deciders to consume before the probers start");
    services.awaitDeciding();
    SkewedClocks clocks = new SkewedClocks(shape.proberClocks());
    for (int i = 1; i <= probers; i++) {
      String id = "prober-" + i;
      clocks
          .offsetOf(id)
          .ifPresent(
              offset ->
                  progress.accept("  " + id + "'s clock is off by " + offset + " (libfaketime)"));
      Map<String, String> config = new LinkedHashMap<>(configs.prober(id));
      if (variant.karmadaSignal()) {
        config.put("hybrid.prober.karmada.enabled", "true");
      }
      services.probers.put(
          id, services.start(PROBER, id, config, clocks.environmentOf(id), Ports.free()));
    }
    progress.accept(
        "waiting for the services to be ready ("
            + services.httpPorts.size()
            + " JVMs on this machine)");
    for (Map.Entry<ManagedProcess, Integer> service : services.httpPorts.entrySet()) {
      Readiness.awaitReady(service.getKey(), service.getValue(), progress);
    }
    return services;
  }

  /**
   * Until every decider's Streams client runs at once: one joining after another sends the first
   * back to a rebalance.
   */
  private void awaitDeciding() throws InterruptedException {
    for (int pass = 0; pass < 2; pass++) {
      for (ManagedProcess decider : deciders) {
        Readiness.awaitDeciding(decider, httpPorts.get(decider), pass == 0 ? progress : s -> {});
      }
    }
  }

  /** Starts or stops {@link DeciderStrain} on the deciders. */
  synchronized void strainDeciders(boolean on) throws InterruptedException {
    if (strain != null) {
      strain.close();
      strain = null;
    }
    if (on) {
      try {
        strain = teardown.keep(new DeciderStrain(deciders));
      } catch (Exception e) {
        progress.accept("cannot strain the deciders: " + e);
      }
    }
  }

  /**
   * Records, for each decider, the longest GC pause its log shows from {@code since} on: a moment
   * for the drill's figures.
   */
  void recordDeciderGcPauses(Instant since, Consumer<Moment> record) {
    for (ManagedProcess decider : deciders) {
      try {
        DeciderStrain.longestPause(decider.log().resolveSibling("gc.log"), since)
            .ifPresent(ms -> record.accept(new Moment.GcPause(Instant.now(), decider.name(), ms)));
      } catch (IOException | RuntimeException e) {
        progress.accept("cannot read " + decider.name() + "'s GC log: " + e);
      }
    }
  }

  /** The decider's configuration, as it read it: the settings a replay of the drill needs. */
  Path deciderConfigFile() {
    return launcher.work().resolve(DECIDER).resolve("config").resolve("application.properties");
  }

  List<ManagedProcess> deciders() {
    return deciders;
  }

  /**
   * With two deciders, finds (and says) which one decides now: the decider-crash drill's target.
   */
  void findActiveDecider() {
    if (deciders.size() > 1) {
      activeDecider = DecidingInstance.find(launcher.bootstrap());
      progress.accept(
          "  " + activeDecider + " has the decide task (all services); the other is its standby");
    }
  }

  /** The decider found deciding when the world became steady, if there are two. */
  Optional<String> activeDecider() {
    return Optional.ofNullable(activeDecider);
  }

  ManagedProcess prober(String id) {
    return probers.get(id);
  }

  /**
   * The traffic-switcher, or with several the first ({@code traffic-switcher-1}): the one that
   * reaches the API server through the fault proxy if the world has one, so the one a fault of the
   * proxy's hits.
   */
  synchronized ManagedProcess switcher() {
    return switcher;
  }

  /**
   * Starts {@code count} traffic-switchers: one as always ({@code traffic-switcher}, the
   * application's default instance id), or several running hot, each named and identified {@code
   * traffic-switcher-<n>}; the first reaches the API through the fault proxy if there is one, the
   * others directly.
   */
  private void startSwitchers(int count) throws Exception {
    ServiceConfigs configs = launcher.configs();
    if (count == 1) {
      switcher = start(SWITCHER, SWITCHER, configs.switcher(), Map.of(), Ports.free());
      return;
    }
    for (int i = 1; i <= count; i++) {
      String name = SWITCHER + "-" + i;
      Map<String, String> env = i == 1 ? Map.of() : configs.directToApi();
      ManagedProcess process = start(SWITCHER, name, configs.switcher(name), env, Ports.free());
      if (i == 1) {
        switcher = process;
        switcherName = name;
      }
    }
  }

  /**
   * Starts the traffic-switcher ({@link #switcher}) again, on the same port and with the same
   * configuration: the same instance id, so the same consumer group, as a container restarted in
   * its pod.
   */
  synchronized void restartSwitcher() throws Exception {
    int port = httpPorts.get(switcher);
    ServiceConfigs configs = launcher.configs();
    Map<String, String> config =
        switcherName.equals(SWITCHER) ? configs.switcher() : configs.switcher(switcherName);
    switcher = start(SWITCHER, switcherName + "-restarted", config, Map.of(), port);
  }

  /**
   * What the traffic-switcher's health group {@code mesh} says of the route now, as a moment at
   * {@code at}; a report that cannot be read counts as not applied, with the reason.
   */
  Moment.MeshReport meshReport(Instant at) {
    int port = httpPorts.get(switcher());
    HttpClient http = HttpClient.newHttpClient();
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/q/health/group/mesh"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      String body = response.body().replaceAll("\\s+", " ");
      return new Moment.MeshReport(at, response.statusCode() == 200, body);
    } catch (IOException e) {
      return new Moment.MeshReport(at, false, "cannot read the switcher's health: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Moment.MeshReport(at, false, "interrupted");
    }
  }

  /** Every service process started so far, as Prometheus scrapes them. */
  List<LocalPrometheus.Target> scrapeTargets() {
    return List.copyOf(scrapeTargets);
  }

  /** The HTTP ports the services listen on. */
  List<Integer> ports() {
    return List.copyOf(httpPorts.values());
  }

  private ManagedProcess start(
      String module, String name, Map<String, String> config, Map<String, String> env, int port)
      throws Exception {
    ManagedProcess process = teardown.keep(launcher.start(module, name, config, env, port));
    if (!httpPorts.containsValue(port)) {
      scrapeTargets.add(new LocalPrometheus.Target(module, name, port));
    }
    httpPorts.put(process, port);
    return process;
  }
}
