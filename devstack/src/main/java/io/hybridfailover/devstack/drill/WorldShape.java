package io.hybridfailover.devstack.drill;

import java.util.Map;

/**
 * What a drill needs of the local world beyond the usual one.
 *
 * @param deciders decider instances (two: each with {@code num.standby.replicas=1})
 * @param proberClocks per prober id, a libfaketime offset for that JVM's clock (e.g. {@code +30s})
 * @param apiFaults the actuators reach the API server through a fault-injecting proxy
 * @param durableBroker the broker listens on a fixed port and keeps its log directory, so that it
 *     can be killed and started again as the same broker
 * @param deciderViaProxy the decider reaches the broker only through a proxy that can cut it off (a
 *     second broker listener advertises the proxy's address); implies a durable broker
 */
public record WorldShape(
    int deciders,
    Map<String, String> proberClocks,
    boolean apiFaults,
    boolean durableBroker,
    boolean deciderViaProxy) {

  public static final WorldShape PLAIN = new WorldShape(1, Map.of(), false);

  public WorldShape {
    proberClocks = Map.copyOf(proberClocks);
    durableBroker = durableBroker || deciderViaProxy;
  }

  /** A world with the usual broker. */
  public WorldShape(int deciders, Map<String, String> proberClocks, boolean apiFaults) {
    this(deciders, proberClocks, apiFaults, false, false);
  }

  /** Whether the drill needs the {@code faketime} package installed. */
  public boolean needsFaketime() {
    return !proberClocks.isEmpty();
  }
}
