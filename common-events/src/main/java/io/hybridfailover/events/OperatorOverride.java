package io.hybridfailover.events;

import java.time.Instant;

/**
 * An operator's override of the decider for one service, or for all with {@code service = "*"}.
 * (Not named {@code Override}: that would hide {@code java.lang.Override} wherever it is imported.)
 */
public record OperatorOverride(
    String service, OverrideAction action, String reason, String requestedBy, Instant requestedAt)
    implements EventData {

  public OperatorOverride {
    Require.serviceIdOrAll(service, "service");
    Require.present(action, "action");
    Require.text(reason, "reason");
    Require.text(requestedBy, "requestedBy");
    requestedAt = Require.timestamp(requestedAt, "requestedAt");
  }

  public Instant time() {
    return requestedAt;
  }
}
