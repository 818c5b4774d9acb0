package io.hybridfailover.catalog;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The managed services, as written in configuration: {@code
 * hybrid.services."<namespace>/<name>".*}. Read it through {@link ServiceCatalog#load}, which
 * validates it; this interface only gives the raw shape.
 *
 * <p>Each service entry holds one probe block per cluster ({@code desktop}, {@code gke}) and,
 * optionally, the actuators' {@code routing} and {@code placement} blocks. Every service reads (and
 * so checks) all of it: a bad entry stops each of them at start-up, naming the key.
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

    /** The traffic-switcher's routing object for this service; none: not routed by it. */
    Optional<RoutingEntry> routing();

    /** The karmada-actuator's policy for this service; none: not placed by it. */
    Optional<PlacementEntry> placement();
  }

  /** The object that splits traffic between the two copies: {@code routing.*}. */
  interface RoutingEntry {

    @WithDefault("TrafficSplit")
    @WithConverter(RoutingBlock.KindConverter.class)
    RoutingBlock.Kind kind();

    /** Default: the service's name. */
    Optional<String> name();

    /** Default: the service's namespace. */
    Optional<String> namespace();

    /** The backend that reaches the desktop copy; default: {@code <name>-desktop}. */
    Optional<String> desktopBackend();

    /** The backend that reaches the GKE copy; default: {@code <name>}. */
    Optional<String> gkeBackend();
  }

  /** The Karmada policy that places the service's workload: {@code placement.*}. */
  interface PlacementEntry {

    @WithDefault("PropagationPolicy")
    @WithConverter(PlacementBlock.KindConverter.class)
    PlacementBlock.Kind kind();

    /** Default: the service's name. */
    Optional<String> name();

    /** A PropagationPolicy's namespace; default: the service's namespace. */
    Optional<String> namespace();

    @WithDefault("apps/v1")
    String workloadApiVersion();

    @WithDefault("Deployment")
    String workloadKind();

    /** Default: the service's name. */
    Optional<String> workloadName();

    @WithDefault("desktop")
    String desktopCluster();

    @WithDefault("gke")
    String gkeCluster();
  }

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
