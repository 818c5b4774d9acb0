package io.hybridfailover.actuation;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What marks an object as ours and fences it: the opt-in label a user puts on the objects we may
 * change, and the annotations every write leaves. The epoch is the fencing token: a command older
 * than the object's epoch is refused by comparing with the object, not with memory.
 */
public final class Ownership {

  public static final String MANAGED_LABEL = "hybrid-failover.io/managed";
  public static final String EPOCH_ANNOTATION = "hybrid-failover.io/epoch";
  public static final String COMMAND_ID_ANNOTATION = "hybrid-failover.io/command-id";

  private Ownership() {}

  /** Why we may not touch the object, or empty if it is opted in. */
  public static Optional<String> notOptedIn(GenericKubernetesResource object, String description) {
    String value = labels(object).get(MANAGED_LABEL);
    if ("true".equals(value)) {
      return Optional.empty();
    }
    return Optional.of(
        description
            + " is not opted in: it needs the label "
            + MANAGED_LABEL
            + "=\"true\""
            + (value == null ? "" : " (it is \"" + value + "\")"));
  }

  /** The epoch the object was last written with, if it carries a readable one. */
  public static OptionalLong epochOf(GenericKubernetesResource object) {
    String value = annotations(object).get(EPOCH_ANNOTATION);
    if (value == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      // Someone wrote garbage: treat it as never written, so the next command repairs it.
      return OptionalLong.empty();
    }
  }

  /** The command the object was last written for, if any. */
  public static Optional<String> commandIdOf(GenericKubernetesResource object) {
    return Optional.ofNullable(annotations(object).get(COMMAND_ID_ANNOTATION));
  }

  /** Stamps a (copy of an) object with the command it is being written for, plus extras. */
  public static void stamp(
      GenericKubernetesResource object, long epoch, String commandId, Map<String, String> extra) {
    Map<String, String> annotations = new HashMap<>(annotations(object));
    annotations.putAll(extra);
    annotations.put(EPOCH_ANNOTATION, Long.toString(epoch));
    annotations.put(COMMAND_ID_ANNOTATION, commandId);
    metadata(object).setAnnotations(annotations);
  }

  public static Map<String, String> labels(GenericKubernetesResource object) {
    Map<String, String> labels = metadata(object).getLabels();
    return labels == null ? Map.of() : labels;
  }

  public static Map<String, String> annotations(GenericKubernetesResource object) {
    Map<String, String> annotations = metadata(object).getAnnotations();
    return annotations == null ? Map.of() : annotations;
  }

  private static ObjectMeta metadata(GenericKubernetesResource object) {
    if (object.getMetadata() == null) {
      object.setMetadata(new ObjectMeta());
    }
    return object.getMetadata();
  }
}
