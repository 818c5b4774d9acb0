package io.hybridfailover.traffic.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.hybridfailover.traffic.SwitcherConfig;
import io.hybridfailover.traffic.routing.MeshAcceptanceTest;
import io.hybridfailover.traffic.routing.RoutingTarget;
import io.hybridfailover.traffic.routing.RoutingTarget.RouteKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the mesh check asks the API server for: the route from the switcher's watched copy while
 * there is one, a ServiceProfile at most every {@link MeshCheck#PROFILE_RECHECK}.
 */
@EnableKubernetesMockClient(crud = true)
class MeshCheckTest {

  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final String LINKERD = "linkerd.io/policy-controller";
  private static final RoutingTarget WEB =
      new RoutingTarget("shop/web", RouteKind.HTTP_ROUTE, "shop", "web", "web-desktop", "web");
  private static final String ROUTE_PATH =
      "/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes/web";
  private static final String PROFILE_PATH =
      "/apis/linkerd.io/v1alpha2/namespaces/shop/serviceprofiles/web.shop.svc.cluster.local";

  private final AtomicLong nanos = new AtomicLong();
  private KubernetesMockServer api;
  private KubernetesClient client;
  private MeshCheck check;

  @BeforeEach
  void newCheck() {
    check = new MeshCheck(config(), client, new SimpleMeterRegistry(), nanos::get);
  }

  @Test
  void aWatchedRoute_isCheckedWithoutReadingIt() throws InterruptedException {
    // The API server has no such route: only the watched copy can say it is applied.
    check.readRoutesFrom(target -> Optional.of(route("True")));

    check.check(WEB);

    assertTrue(check.verdict("shop/web").orElseThrow().applied());
    assertEquals(List.of(PROFILE_PATH), paths());
  }

  @Test
  void withoutAWatchedCopy_theRouteIsRead() throws InterruptedException {
    client
        .genericKubernetesResources(WEB.definition())
        .inNamespace("shop")
        .resource(route("False"))
        .create();
    paths();

    check.check(WEB);

    assertFalse(check.verdict("shop/web").orElseThrow().applied());
    assertEquals(List.of(ROUTE_PATH, PROFILE_PATH), paths());
  }

  @Test
  void aServiceProfile_isReadAgainOnlyOnceTheLastReadIsOld() throws InterruptedException {
    check.readRoutesFrom(target -> Optional.of(route("True")));
    check.check(WEB);
    client
        .genericKubernetesResources(MeshCheck.SERVICE_PROFILES)
        .inNamespace("shop")
        .resource(profile())
        .create();
    paths();

    nanos.addAndGet(MeshCheck.PROFILE_RECHECK.minusSeconds(1).toNanos());
    check.check(WEB);
    assertEquals(List.of(), paths(), "within the recheck period");
    assertTrue(check.verdict("shop/web").orElseThrow().applied());

    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    check.check(WEB);
    assertEquals(List.of(PROFILE_PATH), paths(), "once the last read is as old as the period");
    assertEquals(Optional.of("shop/web.shop.svc.cluster.local"), check.shadowingProfile(WEB));
    assertFalse(check.verdict("shop/web").orElseThrow().applied(), "shadowed by the profile");
  }

  /** The paths of the requests the server received since the last call. */
  private List<String> paths() throws InterruptedException {
    List<String> paths = new ArrayList<>();
    RecordedRequest request;
    while ((request = api.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      paths.add(request.getPath());
    }
    return paths;
  }

  private static GenericKubernetesResource route(String accepted) {
    return MeshAcceptanceTest.route(MeshAcceptanceTest.parentStatus(LINKERD, accepted, "True"));
  }

  private static GenericKubernetesResource profile() {
    return YAML.unmarshal(
        """
        apiVersion: linkerd.io/v1alpha2
        kind: ServiceProfile
        metadata: {name: web.shop.svc.cluster.local, namespace: shop}
        spec: {routes: []}
        """,
        GenericKubernetesResource.class);
  }

  private static SwitcherConfig config() {
    return new SwitcherConfig() {
      @Override
      public String meshController() {
        return LINKERD;
      }

      @Override
      public String clusterDomain() {
        return "cluster.local";
      }

      @Override
      public Duration meshCheckInterval() {
        return Duration.ofSeconds(2);
      }
    };
  }
}
