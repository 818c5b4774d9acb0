package io.hybridfailover.devstack.world;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.hybridfailover.devstack.drill.FleetServices;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The services of the local world beyond {@code shop/web} ({@code ./demo --services N}): each a
 * copy of {@code shop/web}'s objects under its own names, in its own namespace, as a homelab's
 * fleet is set up: its route (with its {@code <name>} and {@code <name>-desktop} backends), its
 * PropagationPolicy and its workload's ResourceBinding in the API double, its entry in the catalog,
 * and its own path on both app copies. The simulated scheduler, the mesh and the recorder follow
 * every namespace, so each service fails over on its own.
 */
final class Fleet {

  private final List<String> services;

  Fleet(int size) {
    this.services = FleetServices.ids(size);
  }

  /** Every service id, {@code shop/web} first. */
  List<String> services() {
    return services;
  }

  /** The services beyond {@code shop/web}. */
  List<String> others() {
    return services.subList(1, services.size());
  }

  int size() {
    return services.size();
  }

  /**
   * Creates each other service's route, PropagationPolicy and ResourceBinding as copies of {@code
   * shop/web}'s, renamed: the namespace and every name that is {@code web} or derived from it.
   */
  void seed(KubernetesClient client, Route route) {
    List<ResourceDefinitionContext> kinds =
        List.of(
            route.definition(),
            KubeApiDouble.PROPAGATION_POLICIES,
            KubeApiDouble.RESOURCE_BINDINGS);
    List<String> names = List.of("web", "web", "web-deployment");
    for (int k = 0; k < kinds.size(); k++) {
      GenericKubernetesResource original =
          client
              .genericKubernetesResources(kinds.get(k))
              .inNamespace("shop")
              .withName(names.get(k))
              .get();
      String json = client.getKubernetesSerialization().asJson(strip(original));
      for (String service : others()) {
        String namespace = FleetServices.namespace(service);
        String name = FleetServices.name(service);
        String copy =
            json.replace("\"web-deployment\"", "\"" + name + "-deployment\"")
                .replace("\"web-desktop\"", "\"" + name + "-desktop\"")
                .replace("\"web-apex\"", "\"" + name + "-apex\"")
                .replace("\"web\"", "\"" + name + "\"")
                .replace("\"shop\"", "\"" + namespace + "\"");
        client
            .genericKubernetesResources(kinds.get(k))
            .resource(
                client
                    .getKubernetesSerialization()
                    .unmarshal(copy, GenericKubernetesResource.class))
            .create();
      }
    }
  }

  /** The API paths of {@code service}'s route and PropagationPolicy (their names are its name). */
  List<String> objectPaths(String service, Route route) {
    String namespace = FleetServices.namespace(service);
    String name = FleetServices.name(service);
    return List.of(
        path(route.definition(), namespace, name),
        path(KubeApiDouble.PROPAGATION_POLICIES, namespace, name));
  }

  private static String path(ResourceDefinitionContext kind, String namespace, String name) {
    return "/apis/"
        + kind.getGroup()
        + "/"
        + kind.getVersion()
        + "/namespaces/"
        + namespace
        + "/"
        + kind.getPlural()
        + "/"
        + name;
  }

  /** The object as a seed would write it: no server-set metadata, no status of a route. */
  private static GenericKubernetesResource strip(GenericKubernetesResource object) {
    object.getMetadata().setResourceVersion(null);
    object.getMetadata().setUid(null);
    object.getMetadata().setCreationTimestamp(null);
    object.getMetadata().setGeneration(null);
    object.getMetadata().setManagedFields(null);
    return object;
  }

  /**
   * The catalog entries of the other services, each probed via {@code via} on its own path of each
   * copy; names, backends and placement take the catalog's defaults (the service's name).
   */
  Map<String, String> catalog(
      String via,
      Route route,
      SwitchableApp desktop,
      SwitchableApp gke,
      String interval,
      String timeout) {
    Map<String, String> catalog = new LinkedHashMap<>();
    for (String service : others()) {
      String entry = "hybrid.services.\"" + service + "\".";
      catalog.put(entry + "desktop.url", desktop.healthUrl(via, service));
      catalog.put(entry + "gke.url", gke.healthUrl(via, service));
      for (String cluster : List.of("desktop", "gke")) {
        catalog.put(entry + cluster + ".interval", interval);
        catalog.put(entry + cluster + ".timeout", timeout);
      }
      catalog.put(entry + "routing.kind", route.kind());
      catalog.put(entry + "placement.kind", "PropagationPolicy");
    }
    return catalog;
  }
}
