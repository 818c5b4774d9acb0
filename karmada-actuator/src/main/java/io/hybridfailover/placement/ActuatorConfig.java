package io.hybridfailover.placement;

import io.hybridfailover.catalog.DurationConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of one karmada-actuator instance, under {@code hybrid.actuator}. */
@ConfigMapping(prefix = "hybrid.actuator")
public interface ActuatorConfig {

  /** Names this instance in the {@code source} of the events it publishes. */
  String instanceId();

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

  /**
   * How often every managed policy is re-read: a command whose write gave up is retried, and a
   * widened placement that someone edited is widened again.
   */
  @WithDefault("30s")
  @WithConverter(DurationConverter.class)
  Duration driftInterval();

  /**
   * How many services are reconciled at once: each command and drift check runs on its service's
   * lane, in order per service, and at most this many lanes run side by side (a write that hangs
   * holds one of them). Each holds at most one request to the API server.
   */
  @WithDefault("16")
  int reconcileConcurrency();
}
