package io.hybridfailover.decider;

import io.hybridfailover.events.Event;

/**
 * A record from an input topic after decoding: either a valid contract event, and whether the task
 * that read it decides for its service, or the original bytes with the reason they were rejected.
 */
record DecodedInput(Event<?> event, boolean decideHere, byte[] raw, String rejection) {

  static DecodedInput valid(Event<?> event, boolean decideHere) {
    return new DecodedInput(event, decideHere, null, null);
  }

  static DecodedInput invalid(byte[] raw, String rejection) {
    return new DecodedInput(null, false, raw, rejection);
  }

  boolean isValid() {
    return event != null;
  }
}
