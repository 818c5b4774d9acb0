package io.hybridfailover.placement;

import io.hybridfailover.catalog.DurationConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The karmada-actuator's own settings, under {@code hybrid.actuator}; those it shares with the
 * traffic-switcher are {@link io.hybridfailover.actuation.ActuationConfig} ({@code
 * hybrid.actuation}).
 */
@ConfigMapping(prefix = "hybrid.actuator")
public interface ActuatorConfig {

  /**
   * How long Karmada has to reschedule a workload after its placement changed before a
   * WorkloadRebalancer is created for it.
   */
  @WithDefault("60s")
  @WithConverter(DurationConverter.class)
  Duration rescheduleTimeout();

  /** How often the ResourceBinding is read while a placement change is being confirmed. */
  @WithDefault("1s")
  @WithConverter(DurationConverter.class)
  Duration confirmPollInterval();

  /** {@code spec.ttlSecondsAfterFinished} of the WorkloadRebalancers this actuator creates. */
  @WithDefault("1h")
  @WithConverter(DurationConverter.class)
  Duration rebalancerTtl();
}
