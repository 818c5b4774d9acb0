package io.hybridfailover.events;

/** Where Karmada may place a service's replicas. */
public enum Placement implements WireValue {
  /** The user's original, desktop-preferred placement. */
  PRIMARY,
  /** All replicas allowed / required on GKE. */
  GKE
}
