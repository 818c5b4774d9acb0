package io.hybridfailover.decider;

/** Channel names of the decider, shared by the code, its configuration and its tests. */
public final class DeciderChannels {

  /** Incoming: probe results from every prober. */
  public static final String OBSERVATIONS = "observations";

  /** Incoming: operator overrides (freeze, force, release). */
  public static final String OVERRIDES = "overrides";

  /** Incoming: what the actuators did with each command. */
  public static final String RESULTS = "results";

  private DeciderChannels() {}
}
