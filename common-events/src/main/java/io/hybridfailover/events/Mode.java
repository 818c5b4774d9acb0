package io.hybridfailover.events;

/** Where a service is in the failover cycle. */
public enum Mode implements WireValue {
  /** The desktop serves. */
  PRIMARY,
  /** The GKE copy is being scaled up; routing unchanged. */
  FAILING_OVER,
  /** GKE serves. */
  FAILED_OVER,
  /** Routing shifts back to the desktop in steps. */
  FAILING_BACK
}
