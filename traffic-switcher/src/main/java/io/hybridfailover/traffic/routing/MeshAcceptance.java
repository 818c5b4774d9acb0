package io.hybridfailover.traffic.routing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.hybridfailover.actuation.JsonMaps;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether the mesh applies an {@code HTTPRoute}, read from the route itself: Linkerd's policy
 * controller applies only a GAMMA route (a parent that is a Service, {@code group: core}) and says
 * so in {@code status.parents}, under its controller name, with {@code Accepted=True}; a
 * ServiceProfile for the same Service takes precedence over every HTTPRoute. A route the mesh does
 * not apply can have its weights written and move no request: this is what says so. Pure.
 */
public final class MeshAcceptance {

  /** Linkerd's policy controller, as it signs {@code status.parents[].controllerName}. */
  public static final String LINKERD_POLICY_CONTROLLER = "linkerd.io/policy-controller";

  private MeshAcceptance() {}

  /**
   * @param applied the mesh applies the route
   * @param reason for results, logs and the health check: what is wrong and what to do, or who
   *     accepted it
   */
  public record Verdict(boolean applied, String reason) {}

  /**
   * @param route the HTTPRoute as read
   * @param controller the mesh controller whose acceptance counts
   * @param shadowingProfile the ServiceProfile ({@code namespace/name}) found for the route's
   *     parent Service, if any
   */
  public static Verdict of(
      GenericKubernetesResource route, String controller, Optional<String> shadowingProfile) {
    List<Map<String, Object>> serviceParents =
        JsonMaps.list(JsonMaps.map(route, "spec"), "parentRefs").stream()
            .filter(MeshAcceptance::isService)
            .toList();
    if (serviceParents.isEmpty()) {
      return new Verdict(
          false,
          "no parentRef is a Service (group: core, kind: Service): the mesh applies only GAMMA"
              + " routes, whose parent is the Service its meshed clients call");
    }
    if (shadowingProfile.isPresent()) {
      return new Verdict(
          false,
          "ServiceProfile "
              + shadowingProfile.get()
              + " takes precedence over this route for Service "
              + serviceParents.get(0).get("name")
              + ": delete it (left by linkerd-failover or linkerd-smi)");
    }
    List<Map<String, Object>> ours =
        JsonMaps.list(JsonMaps.map(route, "status"), "parents").stream()
            .filter(parent -> controller.equals(parent.get("controllerName")))
            .filter(parent -> parent.get("parentRef") instanceof Map<?, ?> ref && isService(ref))
            .toList();
    if (ours.isEmpty()) {
      return new Verdict(
          false,
          "not accepted: status.parents has no entry from "
              + controller
              + " (is the mesh installed, and were the Gateway API CRDs there before its policy"
              + " controller started?)");
    }
    for (Map<String, Object> parent : ours) {
      Optional<Map<String, Object>> accepted = condition(parent, "Accepted");
      if (accepted.isEmpty() || !"True".equals(accepted.get().get("status"))) {
        return new Verdict(
            false, "not Accepted by " + controller + describe(accepted.orElse(null)));
      }
      Optional<Map<String, Object>> resolved = condition(parent, "ResolvedRefs");
      if (resolved.isPresent() && "False".equals(resolved.get().get("status"))) {
        return new Verdict(
            false, "ResolvedRefs False from " + controller + describe(resolved.get()));
      }
    }
    return new Verdict(true, "Accepted by " + controller);
  }

  private static boolean isService(Map<?, ?> ref) {
    Object group = ref.get("group");
    return "Service".equals(ref.get("kind"))
        && (group == null || "".equals(group) || "core".equals(group));
  }

  private static Optional<Map<String, Object>> condition(Map<String, Object> parent, String type) {
    return JsonMaps.list(parent, "conditions").stream()
        .filter(c -> type.equals(c.get("type")))
        .findFirst();
  }

  private static String describe(Map<String, Object> condition) {
    if (condition == null) {
      return " (no such condition)";
    }
    return " ("
        + Objects.toString(condition.get("reason"), "no reason")
        + ": "
        + Objects.toString(condition.get("message"), "")
        + ")";
  }
}
