package io.hybridfailover.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What one actuator did with one command (one per command per actuator, and per retry that changes
 * the outcome).
 *
 * @param resource the object acted on, e.g. {@code split.smi-spec.io/v1alpha2 TrafficSplit
 *     shop/web}
 * @param attempt 1 for the first try ({@code >= 1})
 * @param detail optional: what was done, or why it failed
 * @param resourceEpoch optional (v1.1): the epoch the resource carried when the actuator read it;
 *     present on {@code STALE}, so a decider whose state was lost can resume above it
 */
public record ActuationResult(
    String commandId,
    String service,
    long epoch,
    String actuator,
    ActuationOutcome outcome,
    String resource,
    int attempt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String detail,
    Instant completedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long resourceEpoch)
    implements EventData {

  /** A result that does not say the resource's epoch. */
  public ActuationResult(
      String commandId,
      String service,
      long epoch,
      String actuator,
      ActuationOutcome outcome,
      String resource,
      int attempt,
      String detail,
      Instant completedAt) {
    this(
        commandId, service, epoch, actuator, outcome, resource, attempt, detail, completedAt, null);
  }

  public ActuationResult {
    Require.text(commandId, "commandId");
    Require.serviceId(service, "service");
    Require.atLeast(epoch, 1, "epoch");
    Require.text(actuator, "actuator");
    Require.present(outcome, "outcome");
    Require.text(resource, "resource");
    Require.atLeast(attempt, 1, "attempt");
    Require.optionalText(detail, "detail");
    completedAt = Require.timestamp(completedAt, "completedAt");
    if (resourceEpoch != null) {
      Require.atLeast(resourceEpoch, 0, "resourceEpoch");
    }
  }

  public Instant time() {
    return completedAt;
  }
}
