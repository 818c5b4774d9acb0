package io.hybridfailover.traffic.routing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.hybridfailover.actuation.DesiredObject;
import io.hybridfailover.events.Routing;
import java.util.Map;
import java.util.Optional;

/**
 * The desired routing object, for both kinds ({@link RoutingTarget.RouteKind}): the current object
 * with the two copies' weights set, every other backend and field left alone, and the weights asked
 * for recorded next to the epoch ({@link RoutingAnnotation}).
 */
public final class RoutingPlan implements DesiredObject<RoutingTarget, Routing> {

  public static final RoutingPlan DESIRED = new RoutingPlan();

  private RoutingPlan() {}

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
    return "weights " + target.route().weights(object, target);
  }

  @Override
  public String change(
      GenericKubernetesResource current,
      GenericKubernetesResource desired,
      RoutingTarget target,
      Routing routing) {
    return state(desired, target, routing)
        + " (were "
        + target.route().weights(current, target)
        + ")";
  }
}
