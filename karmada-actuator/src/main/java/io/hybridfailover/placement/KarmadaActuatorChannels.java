package io.hybridfailover.placement;

/** Channel names of the karmada-actuator, shared by the code, its configuration and its tests. */
public final class KarmadaActuatorChannels {

  /** Incoming: desired state per service, from the decider. */
  public static final String COMMANDS = "commands";

  /** Outgoing: one result per command. */
  public static final String RESULTS = "results";

  private KarmadaActuatorChannels() {}
}
