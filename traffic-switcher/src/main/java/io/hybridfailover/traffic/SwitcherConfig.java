package io.hybridfailover.traffic;

import io.hybridfailover.catalog.DurationConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of one traffic-switcher instance, under {@code hybrid.switcher}. */
@ConfigMapping(prefix = "hybrid.switcher")
public interface SwitcherConfig {

  /** Names this instance in the {@code source} of the events it publishes. */
  String instanceId();

  /** How often every managed object is re-read and its weights restored if someone edited them. */
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
