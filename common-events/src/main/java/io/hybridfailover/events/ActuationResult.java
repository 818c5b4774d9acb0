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
 * @param commandReceivedAt optional: when the actuator took the command from the commands topic, on
 *     its own clock; absent on results that answer no command just received (a drift correction, a
 *     later attempt cycle) and on results of older actuators: then unknown
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
    @JsonInclude(JsonInclude.Include.NON_NULL) Long resourceEpoch,
    @JsonInclude(JsonInclude.Include.NON_NULL) Instant commandReceivedAt)
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

  /** A result that does not say when the command was received. */
  public ActuationResult(
      String commandId,
      String service,
      long epoch,
      String actuator,
      ActuationOutcome outcome,
      String resource,
      int attempt,
      String detail,
      Instant completedAt,
      Long resourceEpoch) {
    this(
        commandId,
        service,
        epoch,
        actuator,
        outcome,
        resource,
        attempt,
        detail,
        completedAt,
        resourceEpoch,
        null);
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
    if (commandReceivedAt != null) {
      commandReceivedAt = Require.timestamp(commandReceivedAt, "commandReceivedAt");
    }
  }

  public Instant time() {
    return completedAt;
  }
}
