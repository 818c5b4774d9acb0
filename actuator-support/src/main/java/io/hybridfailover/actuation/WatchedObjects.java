package io.hybridfailover.actuation;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The actuator's objects as the API server last told a watch: one informer per kind and namespace,
 * shared by the targets there (java-operator-sdk reads from its informers' caches the same way).
 *
 * <p>A write may start from a watched copy instead of a read, which saves one API round trip at the
 * moment of a failover. The update carries the copy's {@code resourceVersion}, so the API server
 * itself refuses it (409) if the copy was behind; nothing is ever decided from a copy alone.
 */
final class WatchedObjects {

  private static final Logger LOG = Logger.getLogger(WatchedObjects.class);

  private final Map<String, SharedIndexInformer<GenericKubernetesResource>> informers =
      new ConcurrentHashMap<>();

  /**
   * Starts watching the target's kind in its namespace, unless already watched. The informer starts
   * in the background and keeps retrying (an API server that is down or lacks the kind now may
   * serve it later); until it has listed and watches, there is no copy and writes read first.
   */
  void watch(
      Target target,
      NonNamespaceOperation<
              GenericKubernetesResource,
              GenericKubernetesResourceList,
              Resource<GenericKubernetesResource>>
          objects) {
    informers.computeIfAbsent(
        key(target),
        key -> {
          SharedIndexInformer<GenericKubernetesResource> informer = objects.runnableInformer(0);
          informer.exceptionHandler(
              (started, e) -> {
                LOG.debugf("watch of %s: %s", key, e);
                return true;
              });
          informer.start();
          return informer;
        });
  }

  /**
   * The target's object as last watched; empty while the watch is not up (not yet listed, or
   * reconnecting after an error: the copy could be old) or has not seen the object.
   */
  Optional<GenericKubernetesResource> latest(Target target) {
    SharedIndexInformer<GenericKubernetesResource> informer = informers.get(key(target));
    if (informer == null || !informer.hasSynced() || !informer.isWatching()) {
      return Optional.empty();
    }
    String name =
        target.namespace() == null ? target.name() : target.namespace() + "/" + target.name();
    return Optional.ofNullable(informer.getStore().getByKey(name));
  }

  void stop() {
    informers.values().forEach(SharedIndexInformer::stop);
  }

  private static String key(Target target) {
    ResourceDefinitionContext kind = target.definition();
    return kind.getGroup()
        + "/"
        + kind.getVersion()
        + "/"
        + kind.getPlural()
        + (target.namespace() == null ? "" : " in " + target.namespace());
  }
}
