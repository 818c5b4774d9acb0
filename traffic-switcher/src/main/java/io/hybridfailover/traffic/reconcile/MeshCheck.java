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
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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

  private static final Logger LOG = Logger.getLogger(MeshCheck.class.getName());

  private final SwitcherConfig config;
  private final KubernetesClient client;
  private final MeterRegistry registry;
  private final Map<String, Verdict> verdicts = new ConcurrentHashMap<>();
  private final Map<String, String> profiles = new ConcurrentHashMap<>();

  MeshCheck(SwitcherConfig config, KubernetesClient client, MeterRegistry registry) {
    this.config = config;
    this.client = client;
    this.registry = registry;
  }

  void start(@Observes StartupEvent event, Scheduler scheduler, TrafficSwitcher switcher) {
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
    return Optional.ofNullable(profiles.get(target.service()));
  }

  /** The last verdict on the service's route, if it was read. */
  public Optional<Verdict> verdict(String service) {
    return Optional.ofNullable(verdicts.get(service));
  }

  void check(RoutingTarget target) {
    Verdict verdict;
    try {
      GenericKubernetesResource route =
          client
              .genericKubernetesResources(target.definition())
              .inNamespace(target.namespace())
              .withName(target.name())
              .get();
      if (route == null) {
        verdict = new Verdict(false, target.route().describe(target) + " does not exist");
      } else {
        Optional<String> profile = profile(route, target.namespace());
        profile.ifPresentOrElse(
            p -> profiles.put(target.service(), p), () -> profiles.remove(target.service()));
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

  /** The ServiceProfile of the route's first Service parent, if one exists. */
  private Optional<String> profile(GenericKubernetesResource route, String namespace) {
    for (Map<String, Object> parent : JsonMaps.list(JsonMaps.map(route, "spec"), "parentRefs")) {
      if (!"Service".equals(parent.get("kind"))) {
        continue;
      }
      String ns = parent.get("namespace") instanceof String n ? n : namespace;
      String name = parent.get("name") + "." + ns + ".svc." + config.clusterDomain();
      try {
        GenericKubernetesResource profile =
            client
                .genericKubernetesResources(SERVICE_PROFILES)
                .inNamespace(ns)
                .withName(name)
                .get();
        return profile == null ? Optional.empty() : Optional.of(ns + "/" + name);
      } catch (KubernetesClientException e) {
        // No ServiceProfile CRD (404) or no right to read it: nothing known to shadow the route.
        return Optional.empty();
      }
    }
    return Optional.empty();
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
