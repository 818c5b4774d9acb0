package io.hybridfailover.devstack.drill;

import java.util.Map;

/**
 * What a drill needs of the local world beyond the usual one.
 *
 * @param deciders decider instances (two: each with {@code num.standby.replicas=1})
 * @param proberClocks per prober id, a libfaketime offset for that JVM's clock (e.g. {@code +30s})
 * @param apiFaults the actuators reach the API server through a fault-injecting proxy
 */
public record WorldShape(int deciders, Map<String, String> proberClocks, boolean apiFaults) {

  public static final WorldShape PLAIN = new WorldShape(1, Map.of(), false);

  public WorldShape {
    proberClocks = Map.copyOf(proberClocks);
  }

  /** Whether the drill needs the {@code faketime} package installed. */
  public boolean needsFaketime() {
    return !proberClocks.isEmpty();
  }
}
