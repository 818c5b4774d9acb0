package io.hybridfailover.events;

/**
 * An event, or a record that should hold one, breaks the event contract.
 *
 * <p>The message always starts with the path of the offending field (for example {@code
 * data.routing: weights must sum to 100 but sum to 90}) so that a dead-letter header says exactly
 * what to fix. Unchecked, because an invalid event is a bug in its producer, not a condition the
 * caller can recover from other than by dead-lettering it.
 */
public class InvalidEventException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidEventException(String message) {
    super(message);
  }

  public InvalidEventException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The same problem, reported for a field that lives under {@code parentPath}. */
  InvalidEventException under(String parentPath) {
    return new InvalidEventException(parentPath + "." + getMessage(), getCause());
  }
}
