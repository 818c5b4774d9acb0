package io.hybridfailover.devstack.world;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Linkerd's policy controller and its proxies, simulated for every HTTPRoute (each service of a
 * fleet has its own, named after it; {@code shop/web}'s is {@code shop/web}): the route is accepted
 * only as Linkerd accepts one (a parent that is a Service, group core; every backend resolvable:
 * here, the parent Service itself or its mirrored {@code <name>-desktop}), its status says so under
 * {@code linkerd.io/policy-controller}, and the synthetic user follows the route's weights only
 * while it is accepted, the propagation delay after each change (an assumption, {@code
 * devstack.mesh.propagation-ms}, 100 ms by default, until measured on a real mesh). A route nobody
 * accepts gets no status from us, as Linkerd writes none for a route whose parent is not its own,
 * and moves no request.
 */
final class SimulatedMesh implements AutoCloseable {

  static final String CONTROLLER = "linkerd.io/policy-controller";

  private final KubernetesClient client;
  private final Duration propagation;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Threads.daemon("simulated-mesh"));
  private final SharedIndexInformer<GenericKubernetesResource> routes;

  /** The desktop's weight the proxies route each service by now, by route ({@code ns/name}). */
  private final Map<String, Integer> desktopWeights =
      new java.util.concurrent.ConcurrentHashMap<>();

  SimulatedMesh(KubernetesClient client) {
    this(client, Duration.ofMillis(Long.getLong("devstack.mesh.propagation-ms", 100)));
  }

  SimulatedMesh(KubernetesClient client, Duration propagation) {
    this.client = client;
    this.propagation = propagation;
    this.routes =
        client
            .genericKubernetesResources(KubeApiDouble.HTTP_ROUTES)
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(GenericKubernetesResource route) {
                    seen(route);
                  }

                  @Override
                  public void onUpdate(
                      GenericKubernetesResource old, GenericKubernetesResource now) {
                    seen(now);
                  }

                  @Override
                  public void onDelete(GenericKubernetesResource route, boolean unknown) {}
                });
  }

  /** The desktop's weight the proxies route {@code shop/web} by now. */
  int desktopWeight() {
    return desktopWeight(Recorder.SERVICE);
  }

  /** The desktop's weight the proxies route {@code service} by now (its route is its name). */
  int desktopWeight(String service) {
    return desktopWeights.getOrDefault(service, 100);
  }

  private void seen(GenericKubernetesResource route) {
    Map<String, Object> spec = map(route.getAdditionalProperties().get("spec"));
    Map<String, Object> parent = serviceParent(spec);
    if (parent == null) {
      return; // not a GAMMA route: Linkerd neither applies it nor writes its status
    }
    boolean resolved = resolvable(spec, String.valueOf(parent.get("name")));
    List<Object> wanted = List.of(status(parent, resolved));
    if (!Objects.equals(
        map(route.getAdditionalProperties().get("status")).get("parents"), wanted)) {
      writeStatus(route, wanted);
      return; // the status write comes back as an event of its own
    }
    if (resolved) {
      String name = route.getMetadata().getName();
      String key = route.getMetadata().getNamespace() + "/" + name;
      int weight = Route.HTTPROUTE.weights(spec, name)[0];
      timer.schedule(
          () -> {
            desktopWeights.put(key, weight);
          },
          propagation.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private void writeStatus(GenericKubernetesResource route, List<Object> parents) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("parents", parents);
    route.getAdditionalProperties().put("status", status);
    try {
      client.genericKubernetesResources(KubeApiDouble.HTTP_ROUTES).resource(route).update();
    } catch (KubernetesClientException e) {
      // a conflict: the newer copy arrives as an event and is judged again
    }
  }

  private static Map<String, Object> serviceParent(Map<String, Object> spec) {
    for (Object ref : list(spec.get("parentRefs"))) {
      Map<String, Object> parent = map(ref);
      Object group = parent.get("group");
      if ("Service".equals(parent.get("kind"))
          && (group == null || "".equals(group) || "core".equals(group))) {
        return parent;
      }
    }
    return null;
  }

  private static boolean resolvable(Map<String, Object> spec, String service) {
    for (Object rule : list(spec.get("rules"))) {
      for (Object ref : list(map(rule).get("backendRefs"))) {
        Object name = map(ref).get("name");
        if (!service.equals(name) && !(service + "-desktop").equals(name)) {
          return false;
        }
      }
    }
    return true;
  }

  private static Map<String, Object> status(Map<String, Object> parent, boolean resolved) {
    List<Object> conditions = new ArrayList<>();
    conditions.add(
        Map.of("type", "Accepted", "status", "True", "reason", "Accepted", "message", ""));
    conditions.add(
        Map.of(
            "type",
            "ResolvedRefs",
            "status",
            resolved ? "True" : "False",
            "reason",
            resolved ? "ResolvedRefs" : "BackendNotFound",
            "message",
            resolved ? "" : "a backend Service does not exist"));
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("parentRef", parent);
    entry.put("controllerName", CONTROLLER);
    entry.put("conditions", conditions);
    return entry;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return value instanceof List<?> l ? (List<Object>) l : List.of();
  }

  @Override
  public void close() {
    routes.close();
    timer.shutdownNow();
  }
}
