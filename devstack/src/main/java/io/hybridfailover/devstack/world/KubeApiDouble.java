package io.hybridfailover.devstack.world;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The Kubernetes API of the local world: the fabric8 mock API server in CRUD mode (real HTTP, real
 * JSON, real watches) on a loopback port, standing for both the Karmada API server and GKE's, and
 * seeded from {@code world/seed.yaml}.
 */
final class KubeApiDouble implements AutoCloseable {

  static final ResourceDefinitionContext CLUSTERS =
      context("cluster.karmada.io", "v1alpha1", "Cluster", "clusters", false);
  static final ResourceDefinitionContext PROPAGATION_POLICIES =
      context("policy.karmada.io", "v1alpha1", "PropagationPolicy", "propagationpolicies", true);
  static final ResourceDefinitionContext RESOURCE_BINDINGS =
      context("work.karmada.io", "v1alpha2", "ResourceBinding", "resourcebindings", true);
  static final ResourceDefinitionContext TRAFFIC_SPLITS =
      context("split.smi-spec.io", "v1alpha2", "TrafficSplit", "trafficsplits", true);
  static final ResourceDefinitionContext HTTP_ROUTES =
      context("gateway.networking.k8s.io", "v1", "HTTPRoute", "httproutes", true);

  private static final Map<String, ResourceDefinitionContext> BY_KIND =
      Map.of(
          "Cluster", CLUSTERS,
          "PropagationPolicy", PROPAGATION_POLICIES,
          "ResourceBinding", RESOURCE_BINDINGS,
          "TrafficSplit", TRAFFIC_SPLITS,
          "HTTPRoute", HTTP_ROUTES);

  // The mock server logs every request at INFO through java.util.logging; held here, since JUL
  // forgets the level of a logger nobody references.
  private static final java.util.logging.Logger REQUEST_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private static final int WARM_UP_ROUNDS = 20;
  private static final String ROUND = "devstack.hybridfailover.io/warm-up-round";

  static {
    REQUEST_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final Thread drain;

  private KubeApiDouble(KubernetesMockServer server) {
    this.server = server;
    this.client = server.createClient();
    // The mock server keeps every request it served in a queue for tests to take: taken here as
    // they come, so that a long drill's memory does not grow with its requests.
    this.drain = Threads.daemon("api-double-requests").newThread(this::drainRequests);
    drain.start();
  }

  private void drainRequests() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        server.takeRequest();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Started and seeded with the clusters, the placement and {@code route}. */
  static KubeApiDouble start(Route route) {
    return start(route, "/world/seed.yaml", route.seed());
  }

  /** Started and seeded from {@code seed} (clusters and placement) and {@code routeSeed}. */
  static KubeApiDouble start(Route route, String seed, String routeSeed) {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    KubeApiDouble api = new KubeApiDouble(server);
    api.seed(seed);
    api.seed(routeSeed);
    api.warmUpWrites(route);
    return api;
  }

  /**
   * Writes, rewrites and deletes a scratch copy of the route, in a namespace no service watches,
   * with a watch of this process on it. A real API server has served updates and their watch events
   * long before our first failover; this one would otherwise load and run its update path, and the
   * sending of watch events, for the first time on the failover's own write, and the drill's own
   * watch (the recorder's, which routes the synthetic user) would take its first event then too:
   * the drill would count both against our pipeline (~30-45 ms each, measured).
   */
  private void warmUpWrites(Route route) {
    var routes = client.genericKubernetesResources(route.definition()).inNamespace("devstack");
    GenericKubernetesResource scratch =
        client
            .genericKubernetesResources(route.definition())
            .inNamespace("shop")
            .withName("web")
            .get();
    scratch.setMetadata(
        new ObjectMetaBuilder().withNamespace("devstack").withName("warm-up").build());
    CountDownLatch lastSeen = new CountDownLatch(1);
    SharedIndexInformer<GenericKubernetesResource> informer =
        routes
            .withName("warm-up")
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(GenericKubernetesResource object) {}

                  @Override
                  public void onUpdate(
                      GenericKubernetesResource before, GenericKubernetesResource after) {
                    if (Integer.toString(WARM_UP_ROUNDS).equals(round(after))) {
                      lastSeen.countDown();
                    }
                  }

                  @Override
                  public void onDelete(GenericKubernetesResource object, boolean unknown) {}
                });
    try {
      GenericKubernetesResource written = routes.resource(scratch).create();
      for (int round = 1; round <= WARM_UP_ROUNDS; round++) {
        written.getMetadata().setAnnotations(Map.of(ROUND, Integer.toString(round)));
        written = routes.resource(written).update();
      }
      if (!lastSeen.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the API double's warm-up watch saw no update in 10 s");
      }
      routes.resource(written).delete();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while warming up the API double", e);
    } finally {
      informer.close();
    }
  }

  private static String round(GenericKubernetesResource object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(ROUND);
  }

  /** For the services' {@code quarkus.kubernetes-client.api-server-url}. */
  String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  int port() {
    return server.getPort();
  }

  KubernetesClient client() {
    return client;
  }

  private void seed(String file) {
    try (InputStream yaml = KubeApiDouble.class.getResourceAsStream(file)) {
      for (HasMetadata item : client.load(yaml).items()) {
        GenericKubernetesResource resource =
            client.getKubernetesSerialization().convertValue(item, GenericKubernetesResource.class);
        ResourceDefinitionContext context = BY_KIND.get(resource.getKind());
        if (context == null) {
          throw new IllegalStateException(file + ": no API for kind " + resource.getKind());
        }
        client.genericKubernetesResources(context).resource(resource).create();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    drain.interrupt();
    client.close();
    server.destroy();
  }

  private static ResourceDefinitionContext context(
      String group, String version, String kind, String plural, boolean namespaced) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(namespaced)
        .build();
  }
}
