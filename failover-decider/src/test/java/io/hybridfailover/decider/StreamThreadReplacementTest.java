package io.hybridfailover.decider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamThreadReplacementTest {

  private final StreamThreadReplacement replacement = new StreamThreadReplacement();

  @Test
  void aFailedStreamThreadIsReplacedNotTheClientStopped() {
    assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, replacement.respond(1_000));
  }

  @Test
  void anErrorThatKeepsComingBackStopsTheClientSoThatLivenessRestartsTheDecider() {
    for (int i = 0; i < StreamThreadReplacement.MAX_REPLACEMENTS; i++) {
      assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, replacement.respond(1_000 + i));
    }

    assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, replacement.respond(2_000));
  }

  @Test
  void replacementsOlderThanTheWindowNoLongerCount() {
    for (int i = 0; i < StreamThreadReplacement.MAX_REPLACEMENTS; i++) {
      replacement.respond(1_000 + i);
    }

    assertEquals(
        StreamThreadExceptionResponse.REPLACE_THREAD,
        replacement.respond(
            1_000 + StreamThreadReplacement.MAX_REPLACEMENTS + StreamThreadReplacement.WINDOW_MS));
  }
}
