package io.hybridfailover.devstack.world;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
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

  static {
    REQUEST_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private KubeApiDouble(KubernetesMockServer server) {
    this.server = server;
    this.client = server.createClient();
  }

  /** Started and seeded with the clusters, the placement and {@code route}. */
  static KubeApiDouble start(Route route) {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    KubeApiDouble api = new KubeApiDouble(server);
    api.seed("/world/seed.yaml");
    api.seed(route.seed());
    api.warmUpWrites();
    return api;
  }

  /**
   * Writes, rewrites and deletes a scratch ConfigMap, once. A real API server has served updates
   * long before our first failover; this one would otherwise load and run its update path for the
   * first time on the failover's own write (its first PUT and its classes), which the drill would
   * then count against our pipeline. Nobody watches ConfigMaps here.
   */
  private void warmUpWrites() {
    var configMaps = client.configMaps().inNamespace("devstack");
    ConfigMap scratch =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("warm-up")
            .endMetadata()
            .addToData("round", "0")
            .build();
    ConfigMap written = configMaps.resource(scratch).create();
    for (int round = 1; round <= 20; round++) {
      written.getData().put("round", Integer.toString(round));
      written = configMaps.resource(written).update();
    }
    configMaps.resource(written).delete();
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
