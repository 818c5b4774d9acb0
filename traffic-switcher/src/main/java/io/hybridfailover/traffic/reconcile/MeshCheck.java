package io.hybridfailover.traffic.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.hybridfailover.actuation.JsonMaps;
import io.hybridfailover.traffic.SwitcherConfig;
import io.hybridfailover.traffic.routing.MeshAcceptance;
import io.hybridfailover.traffic.routing.MeshAcceptance.Verdict;
import io.hybridfailover.traffic.routing.RoutingTarget;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Reads, every {@code hybrid.switcher.mesh-check-interval}, each HTTPRoute's status and the
 * ServiceProfile that would shadow it, and says whether the mesh applies the route: in the gauge
 * {@code hybrid_switcher_route_applied} (1 or 0, by service), in the health group {@code mesh}
 * ({@code /q/health/group/mesh}), in a WARNING when it changes, and in every result's detail (the
 * ServiceProfile found here is what {@link io.hybridfailover.traffic.routing.RoutingPlan} names).
 * Not a readiness check: an unapplied route is the mesh's state, not the switcher's, and a switcher
 * held unready would only stop its own rollout.
 *
 * <p>What it reads costs the API server little: the route comes from the switcher's own watch of it
 * (a GET only while that watch is not up), and a ServiceProfile, which someone adds by hand, is
 * read again at most every {@link #PROFILE_RECHECK}. A fleet checked every 2 s otherwise sends two
 * GETs per service per check (most of the API requests of a 10-service drill).
 */
@Singleton
public class MeshCheck {

  public static final String GROUP = "mesh";
  public static final String GAUGE = "hybrid.switcher.route.applied";

  static final ResourceDefinitionContext SERVICE_PROFILES =
      new ResourceDefinitionContext.Builder()
          .withGroup("linkerd.io")
          .withVersion("v1alpha2")
          .withKind("ServiceProfile")
          .withPlural("serviceprofiles")
          .withNamespaced(true)
          .build();

  /** How long a ServiceProfile found, or found missing, is taken as still so. */
  static final Duration PROFILE_RECHECK = Duration.ofSeconds(30);

  private static final Logger LOG = Logger.getLogger(MeshCheck.class.getName());

  /**
   * The last lookup of a service's ServiceProfile: which one ({@code namespace/name}), whether it
   * exists, and when ({@link System#nanoTime}).
   */
  private record ProfileRead(String name, boolean exists, long atNanos) {
    Optional<String> found() {
      return exists ? Optional.of(name) : Optional.empty();
    }
  }

  private final SwitcherConfig config;
  private final KubernetesClient client;
  private final MeterRegistry registry;
  private final Map<String, Verdict> verdicts = new ConcurrentHashMap<>();
  private final Map<String, ProfileRead> profiles = new ConcurrentHashMap<>();
  private final LongSupplier nanoTime;
  private volatile Function<RoutingTarget, Optional<GenericKubernetesResource>> watched =
      target -> Optional.empty();

  @Inject
  MeshCheck(SwitcherConfig config, KubernetesClient client, MeterRegistry registry) {
    this(config, client, registry, System::nanoTime);
  }

  /** As above, with the clock a ServiceProfile's re-read is timed by. */
  MeshCheck(
      SwitcherConfig config,
      KubernetesClient client,
      MeterRegistry registry,
      LongSupplier nanoTime) {
    this.config = config;
    this.client = client;
    this.registry = registry;
    this.nanoTime = nanoTime;
  }

  /** Where the routes are read from first: the copies the switcher's watch keeps. */
  void readRoutesFrom(Function<RoutingTarget, Optional<GenericKubernetesResource>> watched) {
    this.watched = watched;
  }

  void start(@Observes StartupEvent event, Scheduler scheduler, TrafficSwitcher switcher) {
    readRoutesFrom(switcher.loop()::watched);
    List<RoutingTarget> routes =
        switcher.targets().stream()
            .filter(t -> t.kind() == RoutingTarget.RouteKind.HTTP_ROUTE)
            .toList();
    if (routes.isEmpty()) {
      return;
    }
    for (RoutingTarget target : routes) {
      Gauge.builder(GAUGE, verdicts, v -> applied(v, target.service()))
          .description("1 if the mesh applies the service's HTTPRoute, 0 if not or not yet known")
          .tag("service", target.service())
          .register(registry);
    }
    scheduler
        .newJob("mesh-check")
        .setInterval(config.meshCheckInterval().toString())
        .setDelayed("1s")
        .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
        .setSkipPredicate(Scheduled.ApplicationNotRunning.class)
        .setTask(execution -> routes.forEach(this::check))
        .schedule();
  }

  /** The ServiceProfile last found for the target's parent Service, {@code namespace/name}. */
  public Optional<String> shadowingProfile(RoutingTarget target) {
    return Optional.ofNullable(profiles.get(target.service())).flatMap(ProfileRead::found);
  }

  /** The last verdict on the service's route, if it was read. */
  public Optional<Verdict> verdict(String service) {
    return Optional.ofNullable(verdicts.get(service));
  }

  void check(RoutingTarget target) {
    Verdict verdict;
    try {
      GenericKubernetesResource route =
          watched
              .apply(target)
              .orElseGet(
                  () ->
                      client
                          .genericKubernetesResources(target.definition())
                          .inNamespace(target.namespace())
                          .withName(target.name())
                          .get());
      if (route == null) {
        verdict = new Verdict(false, target.route().describe(target) + " does not exist");
      } else {
        Optional<String> profile = profile(target, route);
        verdict = MeshAcceptance.of(route, config.meshController(), profile);
      }
    } catch (KubernetesClientException e) {
      verdict = new Verdict(false, "cannot read the route's status: " + e.getMessage());
    }
    Verdict before = verdicts.put(target.service(), verdict);
    if (before == null || before.applied() != verdict.applied()) {
      LOG.log(
          verdict.applied() ? Level.INFO : Level.WARNING,
          target.service()
              + ": "
              + (verdict.applied()
                  ? "the mesh applies " + target.route().describe(target)
                  : "THE MESH DOES NOT APPLY " + target.route().describe(target))
              + ": "
              + verdict.reason());
    }
  }

  /**
   * The ServiceProfile of the route's first Service parent, if one exists; looked up again once the
   * last lookup is {@link #PROFILE_RECHECK} old, or the parent changed.
   */
  private Optional<String> profile(RoutingTarget target, GenericKubernetesResource route) {
    for (Map<String, Object> parent : JsonMaps.list(JsonMaps.map(route, "spec"), "parentRefs")) {
      if (!"Service".equals(parent.get("kind"))) {
        continue;
      }
      String ns = parent.get("namespace") instanceof String n ? n : target.namespace();
      String name = parent.get("name") + "." + ns + ".svc." + config.clusterDomain();
      long now = nanoTime.getAsLong();
      ProfileRead last = profiles.get(target.service());
      if (last != null
          && last.name().equals(ns + "/" + name)
          && now - last.atNanos() < PROFILE_RECHECK.toNanos()) {
        return last.found();
      }
      ProfileRead read = new ProfileRead(ns + "/" + name, exists(ns, name), now);
      profiles.put(target.service(), read);
      return read.found();
    }
    profiles.remove(target.service());
    return Optional.empty();
  }

  private boolean exists(String ns, String name) {
    try {
      return client
              .genericKubernetesResources(SERVICE_PROFILES)
              .inNamespace(ns)
              .withName(name)
              .get()
          != null;
    } catch (KubernetesClientException e) {
      // No ServiceProfile CRD (404) or no right to read it: nothing known to shadow the route.
      return false;
    }
  }

  private static double applied(Map<String, Verdict> verdicts, String service) {
    Verdict verdict = verdicts.get(service);
    return verdict != null && verdict.applied() ? 1 : 0;
  }

  /**
   * The health group {@code mesh}: DOWN while the mesh does not apply a route, each one's reason.
   */
  @Singleton
  @HealthGroup(GROUP)
  static class Health implements HealthCheck {

    private final MeshCheck check;

    Health(MeshCheck check) {
      this.check = check;
    }

    @Override
    public HealthCheckResponse call() {
      return check.health();
    }
  }

  HealthCheckResponse health() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("routes applied by the mesh");
    boolean up = true;
    for (Map.Entry<String, Verdict> entry : verdicts.entrySet()) {
      up &= entry.getValue().applied();
      response.withData(entry.getKey(), entry.getValue().reason());
    }
    return response.status(up).build();
  }
}
