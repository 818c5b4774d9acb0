package io.hybridfailover.devstack.drill;

import java.util.Map;

/**
 * What a drill needs of the local world beyond the usual one ({@link #PLAIN}, changed with the
 * {@code with...} methods).
 *
 * @param deciders decider instances (two: each with {@code num.standby.replicas=1})
 * @param proberClocks per prober id, a libfaketime offset for that JVM's clock (e.g. {@code +30s})
 * @param apiFaults the actuators reach the API server through a fault-injecting proxy
 * @param durableBroker the broker listens on a fixed port and keeps its log directory, so that it
 *     can be killed and started again as the same broker
 * @param deciderViaProxy the decider reaches the broker only through a proxy that can cut it off (a
 *     second broker listener advertises the proxy's address); implies a durable broker
 * @param services how many services the world manages: {@code shop/web} and {@code services - 1}
 *     more ({@link FleetServices}); {@code ./demo --services N} sets it
 * @param brokers Kafka brokers: 1, or a cluster of three (or more) as production runs, each its own
 *     process (RF 3, min.insync.replicas 2); a proxy in front of the decider needs a single one
 * @param switchers traffic-switcher replicas, each with an instance id (and so a consumer group) of
 *     its own, running hot side by side as deploy/ runs two. With the API fault proxy, only the
 *     first reaches the API server through it (the one a fault drill kills at its write); the
 *     others write to the API directly
 */
public record WorldShape(
    int deciders,
    Map<String, String> proberClocks,
    boolean apiFaults,
    boolean durableBroker,
    boolean deciderViaProxy,
    int services,
    int brokers,
    int switchers) {

  /**
   * The usual world: one decider, true clocks, the API reached directly, one service, broker and
   * traffic-switcher.
   */
  public static final WorldShape PLAIN = new WorldShape(1, Map.of(), false, false, false, 1, 1, 1);

  public WorldShape {
    proberClocks = Map.copyOf(proberClocks);
    durableBroker = durableBroker || deciderViaProxy;
    if (services < 1) {
      throw new IllegalArgumentException("a world has at least one service, not " + services);
    }
    if (brokers < 1 || (brokers > 1 && deciderViaProxy)) {
      throw new IllegalArgumentException(
          "brokers must be >= 1, and 1 with the decider behind a proxy, but was " + brokers);
    }
    if (switchers < 1) {
      throw new IllegalArgumentException(
          "a world has at least one traffic-switcher, not " + switchers);
    }
  }

  /** This shape with {@code count} decider instances. */
  public WorldShape withDeciders(int count) {
    return new WorldShape(
        count,
        proberClocks,
        apiFaults,
        durableBroker,
        deciderViaProxy,
        services,
        brokers,
        switchers);
  }

  /** This shape with each named prober's clock off by its libfaketime offset. */
  public WorldShape withProberClocks(Map<String, String> clocks) {
    return new WorldShape(
        deciders, clocks, apiFaults, durableBroker, deciderViaProxy, services, brokers, switchers);
  }

  /** This shape with the actuators reaching the API server through the fault-injecting proxy. */
  public WorldShape withApiFaults() {
    return new WorldShape(
        deciders, proberClocks, true, durableBroker, deciderViaProxy, services, brokers, switchers);
  }

  /** This shape with a broker that can be killed and started again as the same broker. */
  public WorldShape withDurableBroker() {
    return new WorldShape(
        deciders, proberClocks, apiFaults, true, deciderViaProxy, services, brokers, switchers);
  }

  /** This shape with the decider reaching the broker only through a proxy that can cut it off. */
  public WorldShape withDeciderViaProxy() {
    return new WorldShape(
        deciders, proberClocks, apiFaults, durableBroker, true, services, brokers, switchers);
  }

  /** This shape with {@code count} services. */
  public WorldShape withServices(int count) {
    return new WorldShape(
        deciders,
        proberClocks,
        apiFaults,
        durableBroker,
        deciderViaProxy,
        count,
        brokers,
        switchers);
  }

  /**
   * This shape with at least {@code brokers} brokers ({@code ./demo --brokers N}); unchanged for a
   * drill whose proxy fronts a single broker.
   */
  public WorldShape withBrokers(int brokers) {
    if (deciderViaProxy || brokers <= this.brokers) {
      return this;
    }
    return new WorldShape(
        deciders,
        proberClocks,
        apiFaults,
        durableBroker,
        deciderViaProxy,
        services,
        brokers,
        switchers);
  }

  /**
   * This shape with {@code count} traffic-switchers running hot side by side ({@code
   * traffic-switcher-1}, {@code traffic-switcher-2}, ...).
   */
  public WorldShape withSwitchers(int count) {
    return new WorldShape(
        deciders,
        proberClocks,
        apiFaults,
        durableBroker,
        deciderViaProxy,
        services,
        brokers,
        count);
  }

  /** Whether the drill needs the {@code faketime} package installed. */
  public boolean needsFaketime() {
    return !proberClocks.isEmpty();
  }
}
