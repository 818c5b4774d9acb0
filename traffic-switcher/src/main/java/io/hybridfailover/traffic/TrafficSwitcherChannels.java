package io.hybridfailover.traffic;

/** Channel names of the traffic-switcher, shared by the code, its configuration and its tests. */
public final class TrafficSwitcherChannels {

  /** Incoming: desired state per service, from the decider. */
  public static final String COMMANDS = "commands";

  /** Outgoing: one result per command. */
  public static final String RESULTS = "results";

  private TrafficSwitcherChannels() {}
}
