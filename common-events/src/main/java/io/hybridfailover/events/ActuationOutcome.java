package io.hybridfailover.events;

/** What an actuator did with a command. */
public enum ActuationOutcome implements WireValue {
  /** The resource now matches the command. */
  APPLIED,
  /** The resource was already in that state. */
  UNCHANGED,
  /** The resource carries a newer epoch: command refused. */
  STALE,
  /** The object is not opted in, or is owned by another controller. */
  REFUSED,
  /** Gave up after retries; {@code detail} says why. */
  FAILED
}
