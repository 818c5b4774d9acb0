package io.hybridfailover.decider.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The decider's settings for one service, as in the table of the decision semantics (keys under
 * {@value #PREFIX}). Immutable and always valid: the constructor rejects an inconsistent set with
 * an {@link InvalidSettingException} naming the keys involved.
 *
 * @param fall consecutive DOWN observations from one prober before that prober votes DOWN
 * @param rise consecutive UP observations from one prober before it votes UP
 * @param staleAfter a prober's vote expires this long after its last observation
 * @param expectedProbers how many probers are deployed
 * @param quorum fresh agreeing votes needed for a verdict; a strict majority of expectedProbers
 * @param failbackDelay how long the desktop must stay UP before traffic goes back to it
 * @param failbackSteps desktop weight at each failback step: increasing, ending at 100
 * @param failbackStepInterval time between steps (the desktop must stay UP)
 * @param drain after routing is all on the desktop, wait this long before restoring placement
 * @param flapWindow failovers within this window make the failback delay longer
 * @param maxFailbackDelay cap of the damped failback delay
 * @param standbyTimeout in FAILING_OVER, alert if the GKE copy is not UP by then
 * @param dryRun publish commands marked dryRun; actuators write nothing
 * @param maxClockSkew an observation whose {@code observedAt} is further than this ahead of the
 *     decider's clock is not used (v1.1 clarification 2)
 */
public record DeciderSettings(
    int fall,
    int rise,
    Duration staleAfter,
    int expectedProbers,
    int quorum,
    Duration failbackDelay,
    List<Integer> failbackSteps,
    Duration failbackStepInterval,
    Duration drain,
    Duration flapWindow,
    Duration maxFailbackDelay,
    Duration standbyTimeout,
    boolean dryRun,
    Duration maxClockSkew) {

  /** Every key of the decider lives under this prefix. */
  public static final String PREFIX = "hybrid.decider.";

  public DeciderSettings {
    atLeastOne(fall, "fall");
    atLeastOne(rise, "rise");
    positive(staleAfter, "stale-after");
    atLeastOne(expectedProbers, "expected-probers");
    int majority = defaultQuorum(expectedProbers);
    if (quorum < majority) {
      throw InvalidSettingException.of(
          "{quorum}="
              + quorum
              + " must be a strict majority of {expected-probers}="
              + expectedProbers
              + " (at least "
              + majority
              + ")");
    }
    if (quorum > expectedProbers) {
      throw InvalidSettingException.of(
          "{quorum}="
              + quorum
              + " must not exceed {expected-probers}="
              + expectedProbers
              + ", or no verdict could ever be reached");
    }
    notNegative(failbackDelay, "failback-delay");
    failbackSteps = steps(failbackSteps);
    notNegative(failbackStepInterval, "failback-step-interval");
    notNegative(drain, "drain");
    notNegative(flapWindow, "flap-window");
    notNegative(maxFailbackDelay, "max-failback-delay");
    if (maxFailbackDelay.compareTo(failbackDelay) < 0) {
      throw InvalidSettingException.of(
          "{max-failback-delay}="
              + Durations.format(maxFailbackDelay)
              + " must be >= {failback-delay}="
              + Durations.format(failbackDelay));
    }
    notNegative(standbyTimeout, "standby-timeout");
    notNegative(maxClockSkew, "max-clock-skew");
  }

  /** The production defaults of the decision semantics. */
  public static DeciderSettings defaults() {
    return new DeciderSettings(
        3,
        3,
        Duration.ofSeconds(5),
        1,
        defaultQuorum(1),
        Duration.ofSeconds(120),
        List.of(25, 50, 100),
        Duration.ofSeconds(15),
        Duration.ofSeconds(60),
        Duration.ofHours(1),
        Duration.ofMinutes(30),
        Duration.ofSeconds(180),
        false,
        Duration.ofSeconds(2));
  }

  /**
   * The global settings in {@code props} (keys {@code hybrid.decider.<key>}; other keys are
   * ignored, unknown keys under the prefix rejected). Per-service keys are validated too; use
   * {@link DeciderSettingsSet#fromProperties} to get them.
   *
   * @throws InvalidSettingException naming the offending key
   */
  public static DeciderSettings fromProperties(Map<String, String> props) {
    return DeciderSettingsSet.fromProperties(props).defaults();
  }

  /** The quorum used when none is set: a strict majority of {@code expectedProbers}. */
  public static int defaultQuorum(int expectedProbers) {
    return expectedProbers / 2 + 1;
  }

  /** The full property key of {@code setting}, e.g. {@code hybrid.decider.stale-after}. */
  public static String key(String setting) {
    return PREFIX + setting;
  }

  private static void atLeastOne(int value, String setting) {
    if (value < 1) {
      throw InvalidSettingException.of("{" + setting + "} must be >= 1 but was " + value);
    }
  }

  private static void present(Object value, String setting) {
    if (value == null) {
      throw InvalidSettingException.of("{" + setting + "} is required");
    }
  }

  private static void positive(Duration value, String setting) {
    present(value, setting);
    if (value.isNegative() || value.isZero()) {
      throw InvalidSettingException.of(
          "{" + setting + "} must be positive but was " + Durations.format(value));
    }
  }

  private static void notNegative(Duration value, String setting) {
    present(value, setting);
    if (value.isNegative()) {
      throw InvalidSettingException.of(
          "{" + setting + "} must not be negative but was " + Durations.format(value));
    }
  }

  private static List<Integer> steps(List<Integer> steps) {
    present(steps, "failback-steps");
    List<Integer> copy = List.copyOf(steps);
    String shown =
        copy.isEmpty()
            ? "(empty)"
            : copy.stream().map(String::valueOf).collect(Collectors.joining(","));
    if (copy.stream().anyMatch(step -> step < 1 || step > 100)) {
      throw InvalidSettingException.of(
          "{failback-steps} must be desktop weights between 1 and 100 but was " + shown);
    }
    boolean increasing = true;
    for (int i = 1; i < copy.size(); i++) {
      increasing &= copy.get(i) > copy.get(i - 1);
    }
    if (copy.isEmpty() || !increasing || copy.get(copy.size() - 1) != 100) {
      throw InvalidSettingException.of(
          "{failback-steps} must increase and end at 100 but was " + shown);
    }
    return copy;
  }
}
