package io.hybridfailover.prober;

/** Channel names of the prober, shared by the code, its configuration and its tests. */
public final class ProberChannels {

  /** Outgoing: one observation per probe, on {@code hybrid.health.observations.v1}. */
  public static final String OBSERVATIONS = "observations";

  private ProberChannels() {}
}
