package io.hybridfailover.actuation;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;

/** A target's object and the objects of its kind, through the service's Kubernetes client. */
final class TargetObjects {

  private final KubernetesClient client;

  TargetObjects(KubernetesClient client) {
    this.client = client;
  }

  /** The target's own object. */
  Resource<GenericKubernetesResource> resource(Target target) {
    return objects(target).withName(target.name());
  }

  /** The objects of the target's kind, in its namespace if it has one. */
  NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      objects(Target target) {
    MixedOperation<
            GenericKubernetesResource,
            GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>>
        all = client.genericKubernetesResources(target.definition());
    return target.namespace() == null ? all : all.inNamespace(target.namespace());
  }

  /** A deep copy of {@code object}, to change without touching the original. */
  GenericKubernetesResource copy(GenericKubernetesResource object) {
    return client.getKubernetesSerialization().clone(object);
  }
}
