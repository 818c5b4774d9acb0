package io.hybridfailover.decider.core;

/**
 * The overrides holding one service: its own and the one for all services ({@code *}), each with
 * its own expiry (v1.2 clarification 7). The service's own is in effect while it holds; one that
 * released the service from the override for all masks it; otherwise the one for all is in effect.
 * An override for all replaces the service's own (it is later, and for this service too).
 *
 * @param service the service's own override; {@code null} if none
 * @param all the override for all services as applied to this one; {@code null} if none holds
 */
public record Holds(Hold service, Hold all) {

  /** The hold in effect; {@code null} if the service is automatic. */
  public Hold effective() {
    if (service != null) {
      return service.holds() ? service : null;
    }
    return all;
  }

  /** Whether nothing is kept (a state without holds writes none). */
  boolean empty() {
    return service == null && all == null;
  }
}
