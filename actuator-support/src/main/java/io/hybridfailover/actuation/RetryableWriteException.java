package io.hybridfailover.actuation;

/** A read or write that may succeed if tried again: a conflict, a 5xx, a timeout. */
public final class RetryableWriteException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public RetryableWriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
