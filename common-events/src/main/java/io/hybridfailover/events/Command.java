package io.hybridfailover.events;

import java.time.Instant;
import java.util.List;

/**
 * The desired state of one service, for the actuators.
 *
 * @param epoch one more than the previous command's for this service, never going back ({@code >=
 *     1}); actuators refuse a command older than what the resource carries
 * @param causedBy ids of the events that led to this command; optional, empty if absent
 * @param dryRun actuators must write nothing, only report
 */
public record Command(
    String commandId,
    String service,
    long epoch,
    Mode mode,
    Routing routing,
    Placement placement,
    String reason,
    List<String> causedBy,
    boolean dryRun,
    Instant issuedAt)
    implements EventData {

  public Command {
    Require.text(commandId, "commandId");
    Require.serviceId(service, "service");
    Require.atLeast(epoch, 1, "epoch");
    Require.present(mode, "mode");
    Require.present(routing, "routing");
    Require.present(placement, "placement");
    Require.text(reason, "reason");
    causedBy = Require.textList(causedBy, "causedBy");
    issuedAt = Require.timestamp(issuedAt, "issuedAt");
  }

  public Instant time() {
    return issuedAt;
  }
}
