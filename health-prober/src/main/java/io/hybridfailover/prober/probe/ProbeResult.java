package io.hybridfailover.prober.probe;

import io.hybridfailover.events.Outcome;

/**
 * What one probe concluded.
 *
 * @param reason a short, fixed word for metrics ({@code ok}, {@code timeout}, {@code dns}, ...)
 * @param detail for people: what went wrong, {@code null} when UP
 */
public record ProbeResult(Outcome outcome, String reason, String detail) {

  /** The {@code reason} of every outcome class, as tagged on metrics. */
  public static final String OK = "ok";

  public static final String TIMEOUT = "timeout";
  public static final String DNS = "dns";
  public static final String REFUSED = "refused";
  public static final String CONNECT = "connect";
  public static final String TLS = "tls";
  public static final String STATUS = "status";
  public static final String BODY = "body";
  public static final String ERROR = "error";

  static ProbeResult up() {
    return new ProbeResult(Outcome.UP, OK, null);
  }

  static ProbeResult down(String reason, String detail) {
    return new ProbeResult(Outcome.DOWN, reason, detail);
  }
}
