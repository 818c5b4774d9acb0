package io.hybridfailover.devstack.world;

import io.hybridfailover.devstack.drill.DrillSettings;
import io.hybridfailover.devstack.drill.Moment;
import io.hybridfailover.devstack.drill.WorldShape;
import io.hybridfailover.devstack.drill.WorldVariant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Assembles a {@link World} from a drill's shape, part after part in the order they depend on one
 * another: the brokers, the API double and the fleet it is seeded with, the app's copies, the
 * recorder and the poison producer, the API fault proxy, Karmada and the mesh, our services, the
 * synthetic user, Prometheus. Each part keeps what it starts in the world's {@link Teardown} the
 * moment it starts: {@link #close} stops it all, even halfway (a Ctrl-C during start-up).
 */
public final class WorldComposer implements AutoCloseable {

  private final Path root;
  private final Path work;
  private final DrillSettings settings;
  private final Consumer<String> progress;
  private final Teardown teardown;
  private Route route = Route.HTTPROUTE;
  private WorldShape shape = WorldShape.PLAIN;
  private WorldVariant variant = WorldVariant.USUAL;
  private boolean coldStandby;
  private boolean prometheus;
  private Consumer<Moment> live = moment -> {};

  private WorldComposer(Path root, Path work, DrillSettings settings, Consumer<String> progress) {
    this.root = root;
    this.work = work;
    this.settings = settings;
    this.progress = progress;
    this.teardown = new Teardown(progress);
  }

  /**
   * A world to compose: the usual one unless told otherwise.
   *
   * @param root the repository root (the packaged applications are under it)
   * @param work where each process gets its directory, configuration and log
   * @param progress told what starts, as it starts
   */
  public static WorldComposer at(
      Path root, Path work, DrillSettings settings, Consumer<String> progress) {
    return new WorldComposer(root, work, settings, progress);
  }

  /** {@code shop/web} (and every service of a fleet) routed by {@code route}. */
  public WorldComposer route(Route route) {
    this.route = route;
    return this;
  }

  /** What the drill needs beyond the usual world: deciders, clocks, faults, services, brokers. */
  public WorldComposer shape(WorldShape shape) {
    this.shape = shape;
    return this;
  }

  /** What Karmada and the mesh are given, where it differs from the usual world. */
  public WorldComposer variant(WorldVariant variant) {
    this.variant = variant;
    return this;
  }

  /** The GKE copy runs only while Karmada places the workload on GKE. */
  public WorldComposer coldStandby(boolean coldStandby) {
    this.coldStandby = coldStandby;
    return this;
  }

  /** Also a real Prometheus scraping every service, with deploy/monitoring's alert rules. */
  public WorldComposer prometheus(boolean prometheus) {
    this.prometheus = prometheus;
    return this;
  }

  /** Told every moment of the timeline as it is recorded. */
  public WorldComposer live(Consumer<Moment> live) {
    this.live = live;
    return this;
  }

  /** Starts every part. On failure, what was started keeps running until {@link #close}. */
  public World start() throws Exception {
    new SkewedClocks(shape.proberClocks()).requireFaketime();
    deleteRecursively(work);
    Files.createDirectories(work);

    Brokers brokers = Brokers.start(root, work, shape, teardown, progress);
    KubeApiDouble api = startApi();
    Fleet fleet = seedFleet(api);
    AppCopies apps = AppCopies.start(coldStandby, teardown, progress);

    ActorIdentities identities = new ActorIdentities(work.resolve("identity"));
    AtomicReference<Recorder> recording = new AtomicReference<>();
    PoisonProducer poison =
        new PoisonProducer(brokers.bootstrap(), m -> recording.get().add(m), identities::signer);
    Recorder recorder =
        teardown.keep(
            new Recorder(brokers.bootstrap(), api.client(), route, live, poison, fleet.others()));
    recording.set(recorder);
    teardown.keep(poison);
    Optional<ApiFaultProxy> apiProxy = Optional.empty();
    if (shape.apiFaults()) {
      apiProxy = Optional.of(teardown.keep(new ApiFaultProxy(api.url())));
      progress.accept(
          "the actuators reach the API server through a fault-injecting proxy at "
              + apiProxy.get().url());
    }
    SimulatedControlPlane karmadaAndMesh =
        SimulatedControlPlane.start(
            api, route, apps, recorder, coldStandby, settings, teardown, progress);

    ServiceConfigs configs =
        new ServiceConfigs(
            work,
            settings,
            route,
            apps.desktop(),
            apps.gke(),
            api.url(),
            apiProxy.map(ApiFaultProxy::url).orElse(null),
            fleet);
    Optional<String> deciderBootstrap =
        brokers instanceof SingleBroker single
            ? single.deciderPartition().map(DeciderPartition::address)
            : Optional.empty();
    OurServices services =
        OurServices.start(
            new ServiceLauncher(root, work, brokers.bootstrap(), configs, progress),
            shape,
            variant,
            settings.probers(),
            deciderBootstrap,
            teardown,
            progress);

    teardown.keep(new DeciderGroupWatch(brokers.bootstrap(), recorder::add));
    SyntheticUser user =
        teardown.keep(
            new SyntheticUser(
                apps.desktop(),
                apps.gke(),
                karmadaAndMesh.desktopWeight(),
                fleet.services(),
                karmadaAndMesh.fleetDesktopWeight(),
                settings.userRate(),
                settings.userTimeout(),
                recorder::add));
    progress.accept(
        "synthetic user sends "
            + settings.userRate()
            + " requests/s to "
            + (fleet.size() > 1 ? "the " + fleet.size() + " services in turn" : "shop/web"));

    Optional<LocalPrometheus> alerts =
        prometheus ? Optional.of(startPrometheus(services)) : Optional.empty();
    return new World(
        work,
        route,
        teardown,
        progress,
        new World.Parts(
            brokers,
            api,
            fleet,
            apps,
            recorder,
            poison,
            apiProxy,
            identities,
            services,
            user,
            alerts));
  }

  private KubeApiDouble startApi() throws Exception {
    progress.accept("starting the Kubernetes API double (fabric8 mock API server, CRUD mode)");
    KubeApiDouble api =
        teardown.keep(
            KubeApiDouble.start(
                route, variant.seed(), variant.route() == null ? route.seed() : variant.route()));
    progress.accept(
        "  seeded at "
            + api.url()
            + ": Clusters desktop and gke (Ready),"
            + " PropagationPolicy shop/web (desktop), its ResourceBinding, "
            + route.kind()
            + " shop/web");
    return api;
  }

  /** The fleet's other services, each with its own objects in the API ({@code --services N}). */
  private Fleet seedFleet(KubeApiDouble api) {
    Fleet fleet = new Fleet(shape.services());
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
    return fleet;
  }

  /**
   * A real Prometheus scraping every service process, with the alert rules of deploy/monitoring
   * ({@code ./demo --prometheus}); stopped with the world.
   */
  private LocalPrometheus startPrometheus(OurServices services) throws Exception {
    LocalPrometheus prometheus =
        LocalPrometheus.start(root, work.resolve("prometheus"), services.scrapeTargets(), progress);
    teardown.keep(prometheus.process());
    return teardown.keep(prometheus);
  }

  /** Stops whatever was started, newest first; safe to call twice (and from a shutdown hook). */
  @Override
  public void close() {
    teardown.close();
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
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
}
