package io.hybridfailover.traffic.routing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.hybridfailover.events.Routing;
import java.util.Optional;

/**
 * One kind of object that splits traffic between the desktop and the GKE copy of a service by
 * backend weights: read the weights, write new ones, and leave every other backend and field alone.
 */
public interface WeightedRoute {

  /**
   * Group, version, kind and plural of the object: given explicitly, so the client needs no API
   * discovery (which a Kubernetes API without the CRD installed, or a restricted role, may refuse).
   */
  ResourceDefinitionContext definition();

  default String apiVersion() {
    return definition().getGroup() + "/" + definition().getVersion();
  }

  default String kind() {
    return definition().getKind();
  }

  /** Why this object's weights cannot be set by us (wrong shape, another controller), if so. */
  Optional<String> refusal(GenericKubernetesResource object, RoutingTarget target);

  /** The two backends' weights now, e.g. {@code web-desktop=0 web=100}, for results and logs. */
  String weights(GenericKubernetesResource object, RoutingTarget target);

  /** Sets the two backends' weights on {@code object} (a copy the caller owns). */
  void setWeights(GenericKubernetesResource object, RoutingTarget target, Routing routing);

  /** How results name the object, e.g. {@code split.smi-spec.io/v1alpha2 TrafficSplit shop/web}. */
  default String describe(RoutingTarget target) {
    return apiVersion() + " " + kind() + " " + target.namespace() + "/" + target.name();
  }
}
