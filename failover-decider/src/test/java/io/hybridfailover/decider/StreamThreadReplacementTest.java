package io.hybridfailover.decider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.common.errors.InvalidSessionTimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
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

  @Test
  void aSessionTheBrokersRefuseStopsTheClientAtOnceNamingTheSetting() {
    StreamsException refused =
        new StreamsException(
            new InvalidSessionTimeoutException(
                "The session timeout is not within the range allowed by the broker"));

    assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, replacement.handle(refused));
    assertTrue(
        StreamThreadReplacement.badSetting(refused)
            .orElseThrow()
            .contains(StreamThreadReplacement.SESSION_TIMEOUT_KEY));
  }
}
