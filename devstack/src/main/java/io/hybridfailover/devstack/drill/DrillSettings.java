package io.hybridfailover.devstack.drill;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The short settings of the local drills: production's decision rules, on a faster clock.
 *
 * @param probeInterval time between two probes of one target by one prober
 * @param probeTimeout hard bound on one probe; shorter than the interval
 * @param gkeStartDelay how long the simulated Karmada takes to bring up a cold GKE copy
 * @param userRate requests per second of the synthetic user
 * @param userTimeout how long the synthetic user waits for an answer before counting an error
 * @param settle when the first fault may come after the world is steady
 */
public record DrillSettings(
    Duration probeInterval,
    Duration probeTimeout,
    int fall,
    int rise,
    Duration staleAfter,
    int probers,
    int quorum,
    Duration failbackDelay,
    List<Integer> failbackSteps,
    Duration failbackStepInterval,
    Duration drain,
    Duration gkeStartDelay,
    int userRate,
    Duration userTimeout,
    Settle settle) {

  /**
   * The drill's first fault waits until the world's processes (the services, the broker and the
   * drill's own) together used less than {@code belowCores} over the last {@code window}, at most
   * {@code timeout} after the decider saw the world steady. A {@code timeout} of zero does not
   * wait.
   */
  public record Settle(double belowCores, Duration window, Duration timeout) {}

  public static DrillSettings defaults() {
    return new DrillSettings(
        Duration.ofMillis(250),
        Duration.ofMillis(200),
        3,
        3,
        Duration.ofSeconds(2),
        3,
        2,
        Duration.ofSeconds(10),
        List.of(25, 50, 100),
        Duration.ofSeconds(2),
        Duration.ofSeconds(3),
        Duration.ofSeconds(8),
        50,
        Duration.ofSeconds(1),
        // Measured here: 0.6-0.8 cores once settled with one decider stream thread, 0.93-0.98 with
        // three (each its own consumer polling every 5 ms); 1.8-2 for the first ~30-40 s after
        // start-up.
        new Settle(1.05, Duration.ofSeconds(5), Duration.ofSeconds(60)));
  }

  /**
   * These settings with the probers probing every {@code interval} (a large fleet on a small
   * machine): the probe timeout stays 200 ms (at most four fifths of the interval), and a vote goes
   * stale after three intervals, at least 2 s. The failover bound grows with the interval.
   */
  public DrillSettings withProbeInterval(Duration interval) {
    Duration timeout =
        interval.multipliedBy(4).dividedBy(5).compareTo(probeTimeout) < 0
            ? interval.multipliedBy(4).dividedBy(5)
            : probeTimeout;
    Duration stale = interval.multipliedBy(3);
    return withProbing(
        interval, timeout, stale.compareTo(staleAfter) > 0 ? stale : staleAfter, settle);
  }

  /** These settings with a first fault as soon as the world is steady, settled or not. */
  public DrillSettings withoutSettling() {
    return withProbing(
        probeInterval,
        probeTimeout,
        staleAfter,
        new Settle(settle.belowCores(), settle.window(), Duration.ZERO));
  }

  /** These settings with other probe timings and settling; the rest as they are. */
  private DrillSettings withProbing(
      Duration interval, Duration timeout, Duration stale, Settle settling) {
    return new DrillSettings(
        interval,
        timeout,
        fall,
        rise,
        stale,
        probers,
        quorum,
        failbackDelay,
        failbackSteps,
        failbackStepInterval,
        drain,
        gkeStartDelay,
        userRate,
        userTimeout,
        settling);
  }

  /**
   * The longest a failover may take from the first failed probe: {@code fall} probes, the last one
   * timing out, plus one second for deciding, publishing and writing the weights.
   */
  public Duration failoverBound() {
    return probeInterval.multipliedBy(fall).plus(probeTimeout).plusSeconds(1);
  }

  /** The decider's settings, as {@code hybrid.decider.*} properties. */
  public Map<String, String> deciderProperties() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("hybrid.decider.fall", String.valueOf(fall));
    props.put("hybrid.decider.rise", String.valueOf(rise));
    props.put("hybrid.decider.stale-after", millis(staleAfter));
    props.put("hybrid.decider.expected-probers", String.valueOf(probers));
    props.put("hybrid.decider.quorum", String.valueOf(quorum));
    props.put("hybrid.decider.failback-delay", millis(failbackDelay));
    props.put(
        "hybrid.decider.failback-steps",
        failbackSteps.stream().map(String::valueOf).collect(Collectors.joining(",")));
    props.put("hybrid.decider.failback-step-interval", millis(failbackStepInterval));
    props.put("hybrid.decider.drain", millis(drain));
    props.put("hybrid.decider.standby-timeout", "60s");
    return props;
  }

  /** Every setting, for the figures file. */
  public Map<String, Object> describe() {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("probeIntervalMs", probeInterval.toMillis());
    all.put("probeTimeoutMs", probeTimeout.toMillis());
    all.put("fall", fall);
    all.put("rise", rise);
    all.put("staleAfterMs", staleAfter.toMillis());
    all.put("probers", probers);
    all.put("quorum", quorum);
    all.put("failbackDelayMs", failbackDelay.toMillis());
    all.put("failbackSteps", failbackSteps);
    all.put("failbackStepIntervalMs", failbackStepInterval.toMillis());
    all.put("drainMs", drain.toMillis());
    all.put("gkeStartDelayMs", gkeStartDelay.toMillis());
    all.put("userRatePerSecond", userRate);
    all.put("userTimeoutMs", userTimeout.toMillis());
    all.put("failoverBoundMs", failoverBound().toMillis());
    all.put("settleBelowCores", settle.belowCores());
    all.put("settleWindowMs", settle.window().toMillis());
    all.put("settleTimeoutMs", settle.timeout().toMillis());
    return all;
  }

  private static String millis(Duration duration) {
    return duration.toMillis() + "ms";
  }
}
