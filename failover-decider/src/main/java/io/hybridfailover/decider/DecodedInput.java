package io.hybridfailover.decider;

import io.hybridfailover.events.Event;

/**
 * A record from an input topic after decoding: either a valid contract event, or the original bytes
 * with the reason they were rejected.
 */
record DecodedInput(Event<?> event, byte[] raw, String rejection) {

  static DecodedInput valid(Event<?> event) {
    return new DecodedInput(event, null, null);
  }

  static DecodedInput invalid(byte[] raw, String rejection) {
    return new DecodedInput(null, raw, rejection);
  }

  boolean isValid() {
    return event != null;
  }
}
