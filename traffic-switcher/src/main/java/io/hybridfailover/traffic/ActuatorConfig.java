package io.hybridfailover.traffic;

import io.smallrye.config.ConfigMapping;

/** Settings of one traffic-switcher instance, under {@code hybrid.actuator}. */
@ConfigMapping(prefix = "hybrid.actuator")
public interface ActuatorConfig {

  /** Names this instance in the {@code source} of the events it publishes. */
  String instanceId();
}
