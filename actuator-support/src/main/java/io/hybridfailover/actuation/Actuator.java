package io.hybridfailover.actuation;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.hybridfailover.events.Command;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * What one actuator supplies to the {@link ReconcileLoop}: only what is its own. The loop does the
 * rest, the same for every actuator (as java-operator-sdk keeps the loop in the framework).
 *
 * @param <T> its targets
 * @param <A> what a command asks of a target (weights, a placement)
 */
public interface Actuator<T extends Target, A> {

  /** Names the actuator in results, e.g. {@code traffic-switcher}. */
  String name();

  /** Its targets, from the service catalog. */
  List<T> targets();

  Optional<T> target(String service);

  /** Why a command for a service without a target is refused. */
  String notTargeted(String service);

  /** What the command asks of this actuator's targets. */
  A asked(Command command);

  /** The target's kind's {@code desired()}. */
  DesiredObject<T, A> desired(T target);

  /**
   * What an object written by us must keep holding, read from the object alone (so it works right
   * after a restart): the drift cycle restores it when someone edited the object.
   */
  Optional<A> kept(GenericKubernetesResource object, T target);

  /**
   * After a write that changed the object: what completes once the change is carried out, with a
   * detail for the result; empty to answer at once. It never completes exceptionally.
   *
   * @param stored the object as the API server stored it
   * @param newestEpoch the newest epoch known for the service: once it passes {@code epoch}, the
   *     newer command's confirmation is what counts
   */
  default Optional<CompletionStage<String>> confirm(
      T target,
      GenericKubernetesResource stored,
      A asked,
      long epoch,
      String commandId,
      LongSupplier newestEpoch) {
    return Optional.empty();
  }
}
