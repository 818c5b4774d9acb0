package io.hybridfailover.catalog;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The managed services, as written in configuration: {@code
 * hybrid.services."<namespace>/<name>".*}. Read it through {@link ServiceCatalog#load}, which
 * validates it; this interface only gives the raw shape.
 *
 * <p>Each service entry holds one probe block per cluster ({@code desktop}, {@code gke}). Services
 * other than the prober add their own per-service keys next to those blocks (e.g. {@code
 * hybrid.services."shop/web".traffic-split}) by adding members to {@link ServiceEntry}.
 */
@ConfigMapping(prefix = ServiceCatalogConfig.PREFIX)
public interface ServiceCatalogConfig {

  String PREFIX = "hybrid.services";

  /** By service id, e.g. {@code shop/web}. */
  @WithParentName
  Map<String, ServiceEntry> services();

  /** Everything configured for one managed service. */
  interface ServiceEntry {

    /** By cluster name; the names must be the contract's ({@code desktop}, {@code gke}). */
    @WithParentName
    Map<String, ProbeEntry> clusters();

    /**
     * The traffic-switcher's routing object for this service ({@code kind}, {@code name}, {@code
     * namespace}, {@code desktop-backend}, {@code gke-backend}); the switcher reads and checks
     * them. Declared here so that every service reading the catalog accepts the keys.
     */
    @WithName(ROUTING)
    Map<String, String> routing();

    /**
     * The karmada-actuator's placement object for this service ({@code kind}, {@code name}, ...);
     * the actuator reads and checks them. Declared here for the same reason as {@link #routing}.
     */
    @WithName(PLACEMENT)
    Map<String, String> placement();
  }

  /** The actuators' blocks next to the cluster blocks of a service entry. */
  String ROUTING = "routing";

  String PLACEMENT = "placement";

  /** How to probe one service on one cluster. */
  interface ProbeEntry {

    /** The URL to probe, {@code http://} or {@code https://}. */
    String url();

    /** Status codes that mean UP: ranges and single codes, comma-separated. */
    @WithDefault("200-399")
    String expectedStatus();

    /** Text the response body must contain to count as UP. */
    Optional<String> bodyContains();

    /** Time between two probes of this target. */
    @WithDefault("1s")
    @WithConverter(DurationConverter.class)
    Duration interval();

    /** Hard bound on one probe, from connect to the last body byte; less than the interval. */
    @WithDefault("800ms")
    @WithConverter(DurationConverter.class)
    Duration timeout();
  }
}
