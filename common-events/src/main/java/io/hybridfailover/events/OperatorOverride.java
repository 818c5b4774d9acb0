package io.hybridfailover.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * An operator's override of the decider for one service, or for all with {@code service = "*"}.
 * (Not named {@code Override}: that would hide {@code java.lang.Override} wherever it is imported.)
 *
 * @param expiresAt optional (v1.2): the instant a FREEZE or FORCE_* ends by itself, as if released
 *     then; after {@code requestedAt}; not allowed on UNFREEZE and RELEASE (they end, they do not
 *     hold); absent: it holds until released
 */
public record OperatorOverride(
    String service,
    OverrideAction action,
    String reason,
    String requestedBy,
    Instant requestedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) Instant expiresAt)
    implements EventData {

  /** How the reason of a practice run (a FORCE_GKE with an expiry) starts. */
  public static final String PRACTICE_PREFIX = "practice:";

  /** An override that holds until released. */
  public OperatorOverride(
      String service,
      OverrideAction action,
      String reason,
      String requestedBy,
      Instant requestedAt) {
    this(service, action, reason, requestedBy, requestedAt, null);
  }

  public OperatorOverride {
    Require.serviceIdOrAll(service, "service");
    Require.present(action, "action");
    Require.text(reason, "reason");
    Require.text(requestedBy, "requestedBy");
    requestedAt = Require.timestamp(requestedAt, "requestedAt");
    if (expiresAt != null) {
      expiresAt = Require.timestamp(expiresAt, "expiresAt");
      if (!action.holds()) {
        throw new InvalidEventException(
            "expiresAt: only FREEZE, FORCE_DESKTOP and FORCE_GKE expire, not " + action.name());
      }
      if (!expiresAt.isAfter(requestedAt)) {
        throw new InvalidEventException(
            "expiresAt: must be after requestedAt ("
                + Timestamps.format(requestedAt)
                + ") but was "
                + Timestamps.format(expiresAt));
      }
    }
  }

  public Instant time() {
    return requestedAt;
  }

  /**
   * Whether this is a practice run: a FORCE_GKE with an expiry whose reason starts with {@value
   * #PRACTICE_PREFIX}.
   */
  public boolean practice() {
    return action == OverrideAction.FORCE_GKE
        && expiresAt != null
        && reason.startsWith(PRACTICE_PREFIX);
  }
}
