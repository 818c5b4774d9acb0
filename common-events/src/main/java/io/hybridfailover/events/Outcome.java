package io.hybridfailover.events;

/** What one probe saw. */
public enum Outcome implements WireValue {
  UP,
  DOWN
}
