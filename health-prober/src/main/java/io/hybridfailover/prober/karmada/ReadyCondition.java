package io.hybridfailover.prober.karmada;

import io.hybridfailover.events.Outcome;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code Ready} condition of a Karmada {@code Cluster}, read from its {@code status}.
 *
 * @param status {@code True}, {@code False}, {@code Unknown}, or {@code null} when the object has
 *     no Ready condition (yet)
 * @param reason the condition's reason, may be {@code null}
 * @param message the condition's message, may be {@code null}
 */
record ReadyCondition(String status, String reason, String message) {

  /** Reads the Ready condition from a Cluster's {@code status} (a parsed JSON object, or null). */
  static ReadyCondition of(Object status) {
    if (status instanceof Map<?, ?> fields && fields.get("conditions") instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> condition && "Ready".equals(condition.get("type"))) {
          return new ReadyCondition(
              text(condition.get("status")),
              text(condition.get("reason")),
              text(condition.get("message")));
        }
      }
    }
    return new ReadyCondition(null, null, null);
  }

  /** UP exactly when Karmada says Ready=True; False, Unknown and no condition are DOWN. */
  Outcome outcome() {
    return "True".equals(status) ? Outcome.UP : Outcome.DOWN;
  }

  /** Whether {@code other} tells something different (the message alone may vary). */
  boolean differsFrom(ReadyCondition other) {
    return !Objects.equals(status, other.status) || !Objects.equals(reason, other.reason);
  }

  /** For people: {@code Ready=False (ClusterNotReachable: cluster is not reachable)}. */
  String detail() {
    if (status == null) {
      return "no Ready condition";
    }
    StringBuilder detail = new StringBuilder("Ready=").append(status);
    if (reason != null || message != null) {
      detail.append(" (");
      if (reason != null) {
        detail.append(reason);
      }
      if (reason != null && message != null) {
        detail.append(": ");
      }
      if (message != null) {
        detail.append(message);
      }
      detail.append(')');
    }
    return detail.toString();
  }

  private static String text(Object value) {
    return value == null || value.toString().isBlank() ? null : value.toString();
  }
}
