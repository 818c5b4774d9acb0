package io.hybridfailover.decider;

import io.smallrye.config.ConfigMapping;

/** Settings of this decider instance (the decision settings live under {@code hybrid.decider}). */
@ConfigMapping(prefix = "hybrid.service")
public interface ServiceConfig {

  /** Names this instance in the {@code source} of the events it publishes. */
  String instanceId();
}
