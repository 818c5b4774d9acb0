package io.hybridfailover.actuation;

import io.hybridfailover.catalog.DurationConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The settings every actuator shares, under {@value #PREFIX}, with their defaults; a service's
 * {@code application.properties} (or a system property, or an environment variable such as {@code
 * HYBRID_ACTUATION_DRIFT_INTERVAL}) overrides them. The channels, clients and scheduler settings
 * the loop needs are in this module's {@code META-INF/microprofile-config.properties}, below a
 * service's own. A bad value stops start-up with a message that names the key.
 */
@ConfigMapping(prefix = ActuationConfig.PREFIX)
public interface ActuationConfig {

  String PREFIX = "hybrid.actuation";

  /**
   * Names this instance in the {@code source} of the results it publishes and in its consumer
   * group: {@code $HOSTNAME} (the pod name), else {@code <application>-local}.
   */
  String instanceId();

  /**
   * How often every managed object is re-read: a command whose write gave up is applied again, and
   * an object someone edited is restored to what it was last written for.
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
