package io.hybridfailover.prober;

import io.smallrye.config.ConfigMapping;

/** Settings of one prober instance, under {@code hybrid.prober}. */
@ConfigMapping(prefix = "hybrid.prober")
public interface ProberConfig {

  /**
   * Stable id of this prober (e.g. {@code prober-gke-a}): the decider counts votes per id, so two
   * replicas must never share one, and a restarted replica must keep its own.
   */
  String id();
}
