package io.hybridfailover.actuation;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** The one object an actuator drives for one managed service. */
public interface Target {

  /** The managed service id, {@code <namespace>/<name>}. */
  String service();

  /**
   * Group, version, kind and plural of the object: given explicitly, so the client needs no API
   * discovery (which an API server without the CRD, or a restricted role, may refuse).
   */
  ResourceDefinitionContext definition();

  /** The object's namespace; {@code null} for a cluster-scoped object. */
  String namespace();

  String name();

  /** How results name the object, e.g. {@code split.smi-spec.io/v1alpha2 TrafficSplit shop/web}. */
  default String describe() {
    ResourceDefinitionContext definition = definition();
    return definition.getGroup()
        + "/"
        + definition.getVersion()
        + " "
        + definition.getKind()
        + " "
        + (namespace() == null ? name() : namespace() + "/" + name());
  }
}
