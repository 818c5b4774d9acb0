package io.hybridfailover.traffic.routing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.hybridfailover.actuation.DesiredObject;
import io.hybridfailover.events.Routing;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The desired routing object, for both kinds ({@link RoutingTarget.RouteKind}): the current object
 * with the two copies' weights set, every other backend and field left alone, and the weights asked
 * for recorded next to the epoch ({@link RoutingAnnotation}). An HTTPRoute's state also says
 * whether the mesh applies it ({@link MeshAcceptance}): weights on a route nobody applies move no
 * request.
 */
public final class RoutingPlan implements DesiredObject<RoutingTarget, Routing> {

  /** Linkerd's policy controller, no ServiceProfile known. */
  public static final RoutingPlan DESIRED =
      new RoutingPlan(MeshAcceptance.LINKERD_POLICY_CONTROLLER, target -> Optional.empty());

  private final String meshController;
  private final Function<RoutingTarget, Optional<String>> shadowingProfile;

  /**
   * @param meshController whose acceptance in an HTTPRoute's status counts
   * @param shadowingProfile the ServiceProfile last found for a target's parent Service, if any
   */
  public RoutingPlan(
      String meshController, Function<RoutingTarget, Optional<String>> shadowingProfile) {
    this.meshController = meshController;
    this.shadowingProfile = shadowingProfile;
  }

  /** Whether the mesh applies the route; empty for a kind without a status (TrafficSplit). */
  public Optional<MeshAcceptance.Verdict> mesh(
      GenericKubernetesResource object, RoutingTarget target) {
    if (target.kind() != RoutingTarget.RouteKind.HTTP_ROUTE) {
      return Optional.empty();
    }
    return Optional.of(MeshAcceptance.of(object, meshController, shadowingProfile.apply(target)));
  }

  @Override
  public Optional<String> desire(
      GenericKubernetesResource desired, RoutingTarget target, Routing routing) {
    Optional<String> refusal = target.route().refusal(desired, target);
    if (refusal.isEmpty()) {
      target.route().setWeights(desired, target, routing);
    }
    return refusal;
  }

  @Override
  public Map<String, String> stamp(Routing routing) {
    return RoutingAnnotation.of(routing);
  }

  @Override
  public String state(GenericKubernetesResource object, RoutingTarget target, Routing routing) {
    return "weights " + target.route().weights(object, target) + meshNote(object, target);
  }

  private String meshNote(GenericKubernetesResource object, RoutingTarget target) {
    return mesh(object, target)
        .filter(verdict -> !verdict.applied())
        .map(verdict -> "; THE MESH DOES NOT APPLY THIS ROUTE: " + verdict.reason())
        .orElse("");
  }

  @Override
  public String change(
      GenericKubernetesResource current,
      GenericKubernetesResource desired,
      RoutingTarget target,
      Routing routing) {
    return "weights "
        + target.route().weights(desired, target)
        + " (were "
        + target.route().weights(current, target)
        + ")"
        + meshNote(current, target);
  }
}
