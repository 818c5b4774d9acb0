package io.hybridfailover.placement.reconcile;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A command waiting for its confirmation must not look like a stuck consumer. */
class ConfirmationRoomTest {

  @Test
  void theConnectorsDefaultMaxAgeIsTooShortForTheDefaultRescheduleTimeout() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                KarmadaActuator.requireRoomForConfirmation(
                    Duration.ofSeconds(60), Duration.ofSeconds(1), Optional.empty()));

    assertTrue(e.getMessage().startsWith(KarmadaActuator.MAX_AGE_KEY + "=60000"), e.getMessage());
  }

  @Test
  void theConfiguredMaxAgeCoversTheDefaults() {
    assertDoesNotThrow(
        () ->
            KarmadaActuator.requireRoomForConfirmation(
                Duration.ofSeconds(60), Duration.ofSeconds(1), Optional.of(300_000L)));
  }

  @Test
  void aDisabledMaxAgeCheck_isAccepted() {
    assertDoesNotThrow(
        () ->
            KarmadaActuator.requireRoomForConfirmation(
                Duration.ofMinutes(30), Duration.ofSeconds(1), Optional.of(-1L)));
  }
}
