package io.hybridfailover.cli.live;

/** Ends a live command with a message for the operator and an exit status. */
public final class LiveCommandException extends RuntimeException {

  /** Not acknowledged in time (or otherwise not done): the override may still be applied later. */
  static final int EXIT_NOT_ACKNOWLEDGED = 1;

  /** A usage error: a missing or bad option. */
  static final int EXIT_USAGE = 2;

  /** Kafka could not be reached or refused the request. */
  static final int EXIT_KAFKA = 3;

  private final int exitCode;

  LiveCommandException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  static LiveCommandException usage(String message) {
    return new LiveCommandException(EXIT_USAGE, message);
  }

  static LiveCommandException kafka(String message) {
    return new LiveCommandException(EXIT_KAFKA, message);
  }

  int exitCode() {
    return exitCode;
  }
}
