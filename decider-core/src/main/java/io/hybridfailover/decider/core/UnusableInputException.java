package io.hybridfailover.decider.core;

/**
 * An input that is valid by the contract's schema but that the core cannot apply (e.g. an epoch
 * that would overflow). The state is left as it was; the service sends the record to its topic's
 * dead-letter topic with this message as the reason (v1.1 clarification 3).
 */
public final class UnusableInputException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public UnusableInputException(String message) {
    super(message);
  }
}
