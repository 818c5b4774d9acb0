package io.hybridfailover.devstack.drill;

import java.time.Duration;

/** What a copy of the app does with a request (the health path and the user's requests alike). */
public enum Behaviour {
  /** Answers 200 at once. */
  UP,
  /** Nothing listens: connections are refused, as when the home line or the node is down. */
  REFUSED,
  /** Answers 500. */
  ERROR_500,
  /** Answers 200, but only after {@link #SLOW_BY}: longer than any probe timeout of a drill. */
  SLOW,
  /** Accepts the connection and never answers, as when a route blackholes packets. */
  BLACKHOLED;

  public static final Duration SLOW_BY = Duration.ofSeconds(2);

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }
}
