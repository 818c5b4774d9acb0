package io.hybridfailover.traffic;

import io.hybridfailover.catalog.DurationConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The traffic-switcher's own settings, under {@code hybrid.switcher}; those it shares with the
 * karmada-actuator are {@link io.hybridfailover.actuation.ActuationConfig} ({@code
 * hybrid.actuation}).
 */
@ConfigMapping(prefix = "hybrid.switcher")
public interface SwitcherConfig {

  /**
   * The mesh controller whose {@code Accepted} in an HTTPRoute's {@code status.parents} means the
   * mesh applies the route (Linkerd's policy controller by default).
   */
  @WithDefault("linkerd.io/policy-controller")
  String meshController();

  /** The cluster domain in a ServiceProfile's name ({@code <service>.<namespace>.svc.<domain>}). */
  @WithDefault("cluster.local")
  String clusterDomain();

  /** How often each HTTPRoute's status, and a ServiceProfile that would shadow it, is read. */
  @WithDefault("30s")
  @WithConverter(DurationConverter.class)
  Duration meshCheckInterval();
}
