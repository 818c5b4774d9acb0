package io.hybridfailover.traffic.routing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.hybridfailover.actuation.JsonMaps;
import io.hybridfailover.actuation.Ownership;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.Routing;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What to do with one routing object for one desired state: the pure part of the reconciler. It
 * reads the object, computes the desired object, and says whether anything needs writing.
 *
 * @param outcome APPLIED and UNCHANGED may come with a {@code desired} object to write; STALE and
 *     REFUSED never do
 * @param detail for the result event
 * @param desired the object to write (the current one with new weights and our annotations), or
 *     {@code null} when nothing is to be written
 */
public record RoutingPlan(
    ActuationOutcome outcome, String detail, GenericKubernetesResource desired) {

  public Optional<GenericKubernetesResource> write() {
    return Optional.ofNullable(desired);
  }

  /**
   * @param current the object as read, or {@code null} if it does not exist
   * @param epoch the desired state's epoch (the fencing token)
   */
  public static RoutingPlan plan(
      GenericKubernetesResource current,
      RoutingTarget target,
      Routing routing,
      long epoch,
      String commandId) {
    WeightedRoute route = target.route();
    if (current == null) {
      return nothing(ActuationOutcome.REFUSED, route.describe(target) + " does not exist");
    }
    Optional<String> refusal =
        Ownership.notOptedIn(current, route.describe(target))
            .or(() -> route.refusal(current, target));
    if (refusal.isPresent()) {
      return nothing(ActuationOutcome.REFUSED, refusal.get());
    }
    OptionalLong written = Ownership.epochOf(current);
    if (written.isPresent() && written.getAsLong() > epoch) {
      return nothing(
          ActuationOutcome.STALE,
          route.describe(target)
              + " carries epoch "
              + written.getAsLong()
              + ", newer than "
              + epoch
              + ": refused");
    }

    GenericKubernetesResource desired = JsonMaps.copy(current);
    route.setWeights(desired, target, routing);
    String weights = "weights " + route.weights(desired, target);
    boolean sameSpec = Objects.equals(JsonMaps.map(current, "spec"), JsonMaps.map(desired, "spec"));
    if (sameSpec && written.isPresent() && written.getAsLong() == epoch) {
      return nothing(ActuationOutcome.UNCHANGED, weights);
    }
    Ownership.stamp(desired, epoch, commandId, RoutingAnnotation.of(routing));
    return sameSpec
        ? new RoutingPlan(ActuationOutcome.UNCHANGED, weights + " (epoch advanced)", desired)
        : new RoutingPlan(
            ActuationOutcome.APPLIED,
            weights + " (were " + route.weights(current, target) + ")",
            desired);
  }

  /** A newer desired state arrived while this one was still being written: it is dropped. */
  public static RoutingPlan superseded(RoutingTarget target, long epoch, long newer) {
    return nothing(
        ActuationOutcome.STALE,
        target.route().describe(target)
            + ": epoch "
            + epoch
            + " was superseded by epoch "
            + newer
            + " before it was written");
  }

  private static RoutingPlan nothing(ActuationOutcome outcome, String detail) {
    return new RoutingPlan(outcome, detail, null);
  }
}
