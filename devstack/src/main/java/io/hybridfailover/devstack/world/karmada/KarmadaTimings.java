package io.hybridfailover.devstack.world.karmada;

import java.time.Duration;

/**
 * How long the simulated Karmada takes for each step. The defaults are assumptions, not
 * measurements on a real Karmada: the detector's low-priority queue before a policy change reaches
 * the binding, the scheduler's pass, its second pass after its own write. Overridden with the
 * system properties {@code devstack.karmada.detector-ms}, {@code .scheduler-ms}, {@code
 * .second-pass-ms}.
 */
public record KarmadaTimings(Duration detector, Duration scheduler, Duration secondPass) {

  public static final KarmadaTimings ASSUMED =
      new KarmadaTimings(Duration.ofMillis(300), Duration.ofMillis(200), Duration.ofMillis(100));

  /** {@link #ASSUMED}, with any system property given. */
  public static KarmadaTimings fromSystemProperties() {
    return new KarmadaTimings(
        property("devstack.karmada.detector-ms", ASSUMED.detector()),
        property("devstack.karmada.scheduler-ms", ASSUMED.scheduler()),
        property("devstack.karmada.second-pass-ms", ASSUMED.secondPass()));
  }

  private static Duration property(String key, Duration fallback) {
    String value = System.getProperty(key);
    return value == null ? fallback : Duration.ofMillis(Long.parseLong(value.trim()));
  }
}
