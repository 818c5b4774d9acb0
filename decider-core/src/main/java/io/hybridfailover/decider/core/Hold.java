package io.hybridfailover.decider.core;

import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.Timestamps;
import java.time.Instant;
import java.util.Objects;

/**
 * One operator override as the decider keeps it, so that it can end it when it expires (v1.2
 * clarification 7) and tell a practice run from an operator's hold (clarification 8).
 *
 * @param overrideId the CloudEvents id of the override
 * @param action FREEZE, FORCE_DESKTOP or FORCE_GKE; UNFREEZE or RELEASE only in a service's own
 *     slot while an override for all services stands: that service was released from it
 * @param forced the side the hold pins (a force's, or the one a freeze kept); {@code null} if none
 * @param requestedBy who asked
 * @param reason why
 * @param expiresAt when it ends by itself; {@code null}: when released
 */
public record Hold(
    String overrideId,
    OverrideAction action,
    Cluster forced,
    String requestedBy,
    String reason,
    Instant expiresAt) {

  public Hold {
    Objects.requireNonNull(overrideId, "overrideId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(requestedBy, "requestedBy");
    Objects.requireNonNull(reason, "reason");
  }

  static Hold of(String overrideId, OperatorOverride override, Cluster forced) {
    return new Hold(
        overrideId,
        override.action(),
        forced,
        override.requestedBy(),
        override.reason(),
        override.expiresAt());
  }

  /**
   * Whether it holds the service (FREEZE, FORCE_*), rather than releasing it from a hold for all.
   */
  boolean holds() {
    return action.holds();
  }

  /** A FORCE_GKE with an expiry whose reason starts {@code practice:}. */
  boolean practice() {
    return action == OverrideAction.FORCE_GKE
        && expiresAt != null
        && reason.startsWith(OperatorOverride.PRACTICE_PREFIX);
  }

  boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  /** E.g. {@code FORCE_GKE by alice (ISP outage) until 2026-11-23T14:00:00.000Z}. */
  String describe() {
    return (practice() ? "practice run " : "")
        + action.name()
        + " by "
        + requestedBy
        + " ("
        + reason
        + ")"
        + (expiresAt == null ? "" : " until " + Timestamps.format(expiresAt));
  }
}
