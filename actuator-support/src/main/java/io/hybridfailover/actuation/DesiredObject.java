package io.hybridfailover.actuation;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;
import java.util.Optional;

/**
 * One kind's {@code desired()}: pure, no client, no clock. The loop has already read the object,
 * checked the opt-in and the epoch fence; {@link Plan#of} compares and stamps afterwards.
 *
 * @param <T> the kind's target
 * @param <A> what a command asks of it (weights, a placement)
 */
public interface DesiredObject<T extends Target, A> {

  /**
   * Turns {@code desired}, a copy of the current object the caller owns, into what {@code asked}
   * wants: its spec and the annotations this kind keeps.
   *
   * @return why the object cannot be driven (its shape, another controller), naming the field
   */
  Optional<String> desire(GenericKubernetesResource desired, T target, A asked);

  /**
   * Annotations written with the epoch and command id on every write, e.g. the weights asked for:
   * like the stamp, they alone do not make a change.
   */
  default Map<String, String> stamp(A asked) {
    return Map.of();
  }

  /** What the object holds, for a result, e.g. {@code weights web-desktop=0 web=100}. */
  String state(GenericKubernetesResource object, T target, A asked);

  /** An APPLIED result's detail: the new state and what it was. */
  String change(
      GenericKubernetesResource current, GenericKubernetesResource desired, T target, A asked);
}
