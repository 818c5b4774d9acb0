package io.hybridfailover.prober.probe;

/** How far a probe got: what a timeout or an error interrupted. */
public enum ProbePhase {
  /** DNS lookup, TCP connect, TLS handshake. */
  CONNECTING("connecting"),
  /** Connected and the request written: waiting for the status line and headers. */
  AWAITING_RESPONSE("waiting for the response"),
  /** Status and headers received: reading the body. */
  READING_BODY("reading the body");

  private final String description;

  ProbePhase(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
