package io.hybridfailover.actuation;

import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Event;
import java.time.Instant;

/**
 * The result event an actuator publishes for each command (and each drift correction), the same for
 * both actuators; each publishes it on its own results channel.
 */
public final class ResultEvents {

  private final String actuator;
  private final String source;

  /**
   * @param actuator names the actuator in every result, e.g. {@code traffic-switcher}
   * @param instanceId names this instance in the events' {@code source}
   */
  public ResultEvents(String actuator, String instanceId) {
    this.actuator = actuator;
    this.source = "/" + actuator + "/" + instanceId;
  }

  /**
   * @param attempt the attempts made; at least 1 is reported, as an answer without a write attempt
   *     (refused, stale) is the first attempt
   * @param resourceEpoch the epoch the object carried when read (0 if none), {@code null} if it was
   *     not read
   * @param commandReceivedAt when this actuator took the command answered, {@code null} if the
   *     result answers no command just received (a drift correction, a later attempt cycle)
   */
  public Event<ActuationResult> of(
      String commandId,
      String service,
      long epoch,
      ActuationOutcome outcome,
      String resource,
      int attempt,
      String detail,
      Long resourceEpoch,
      Instant commandReceivedAt) {
    return Event.of(
        source,
        new ActuationResult(
            commandId,
            service,
            epoch,
            actuator,
            outcome,
            resource,
            Math.max(1, attempt),
            detail,
            Instant.now(),
            resourceEpoch,
            commandReceivedAt));
  }
}
