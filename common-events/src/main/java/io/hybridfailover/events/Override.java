package io.hybridfailover.events;

import java.time.Instant;

/**
 * An operator's override of the decider for one service, or for all with {@code service = "*"}.
 *
 * <p>The name hides {@code java.lang.Override} wherever this record is imported: in such a file
 * write the annotation as {@code @java.lang.Override}, or refer to this record by its qualified
 * name instead of importing it.
 */
public record Override(
    String service, OverrideAction action, String reason, String requestedBy, Instant requestedAt)
    implements EventData {

  public Override {
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
