package io.hybridfailover.events;

/** What an operator asks of the decider. */
public enum OverrideAction implements WireValue {
  /** No automatic commands. */
  FREEZE,
  /** Back to automatic. */
  UNFREEZE,
  /** Pin routing and placement to the desktop; implies freeze. */
  FORCE_DESKTOP,
  /** Pin routing and placement to GKE; implies freeze. */
  FORCE_GKE,
  /** Back to automatic after a force. */
  RELEASE;

  /** Whether the action holds the service (FREEZE, FORCE_*) rather than ending a hold. */
  public boolean holds() {
    return this != UNFREEZE && this != RELEASE;
  }
}
