package io.hybridfailover.actuation;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.hybridfailover.events.ActuationOutcome;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What to do with one object for one desired state: the pure part of the reconciler, the same for
 * every kind. It refuses what is not ours, fences with the epoch, lets the kind compute the desired
 * object, and says whether anything needs writing.
 *
 * @param outcome APPLIED and UNCHANGED may come with a {@code desired} object to write; STALE and
 *     REFUSED never do
 * @param detail for the result event
 * @param desired the object to write (the current one changed and stamped), or {@code null}
 * @param resourceEpoch the epoch the object carried when read (0 if none); {@code null} when there
 *     was no object to read
 */
public record Plan(
    ActuationOutcome outcome,
    String detail,
    GenericKubernetesResource desired,
    Long resourceEpoch) {

  public Optional<GenericKubernetesResource> write() {
    return Optional.ofNullable(desired);
  }

  /**
   * @param current the object as read, or {@code null} if it does not exist
   * @param epoch the desired state's epoch (the fencing token)
   */
  public static <T extends Target, A> Plan of(
      GenericKubernetesResource current,
      T target,
      A asked,
      long epoch,
      String commandId,
      DesiredObject<T, A> kind) {
    if (current == null) {
      return new Plan(ActuationOutcome.REFUSED, target.describe() + " does not exist", null, null);
    }
    OptionalLong written = Ownership.epochOf(current);
    Long resourceEpoch = written.orElse(0L);
    Optional<String> notOptedIn = Ownership.notOptedIn(current, target.describe());
    if (notOptedIn.isPresent()) {
      return new Plan(ActuationOutcome.REFUSED, notOptedIn.get(), null, resourceEpoch);
    }
    if (written.isPresent() && written.getAsLong() > epoch) {
      return new Plan(
          ActuationOutcome.STALE,
          target.describe()
              + " carries epoch "
              + written.getAsLong()
              + ", newer than "
              + epoch
              + ": epoch "
              + epoch
              + " refused",
          null,
          resourceEpoch);
    }
    GenericKubernetesResource desired = JsonMaps.copy(current);
    Optional<String> refusal = kind.desire(desired, target, asked);
    if (refusal.isPresent()) {
      return new Plan(ActuationOutcome.REFUSED, refusal.get(), null, resourceEpoch);
    }
    String now = kind.state(desired, target, asked);
    Map<String, String> stamp = kind.stamp(asked);
    boolean same =
        Objects.equals(JsonMaps.map(current, "spec"), JsonMaps.map(desired, "spec"))
            && unstamped(current, stamp).equals(unstamped(desired, stamp));
    if (same && written.isPresent() && written.getAsLong() == epoch) {
      return new Plan(ActuationOutcome.UNCHANGED, now, null, resourceEpoch);
    }
    String change = same ? now + " (epoch advanced)" : kind.change(current, desired, target, asked);
    Ownership.stamp(desired, epoch, commandId, stamp);
    return new Plan(
        same ? ActuationOutcome.UNCHANGED : ActuationOutcome.APPLIED,
        change,
        desired,
        resourceEpoch);
  }

  /** A newer desired state arrived while this one was still to be written: it is dropped. */
  public static Plan superseded(Target target, long epoch, long newer, Long resourceEpoch) {
    return new Plan(
        ActuationOutcome.STALE,
        target.describe()
            + ": epoch "
            + epoch
            + " was superseded by epoch "
            + newer
            + " before it was written",
        null,
        resourceEpoch);
  }

  /** The annotations a kind keeps, without the stamp every write changes. */
  private static Map<String, String> unstamped(
      GenericKubernetesResource object, Map<String, String> stamp) {
    Map<String, String> annotations = new HashMap<>(Ownership.annotations(object));
    annotations.keySet().removeAll(stamp.keySet());
    annotations.remove(Ownership.EPOCH_ANNOTATION);
    annotations.remove(Ownership.COMMAND_ID_ANNOTATION);
    return annotations;
  }
}
