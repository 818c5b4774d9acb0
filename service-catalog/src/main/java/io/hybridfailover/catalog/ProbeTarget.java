package io.hybridfailover.catalog;

import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.RecordKeys;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One validated probe target: a managed service on one cluster.
 *
 * @param service the service id, {@code <namespace>/<name>}
 * @param bodyContains text the body must contain, if any
 * @param timeout hard bound on one probe; always less than {@code interval}
 */
public record ProbeTarget(
    String service,
    Cluster cluster,
    URI url,
    StatusRanges expectedStatus,
    Optional<String> bodyContains,
    Duration interval,
    Duration timeout) {

  public ProbeTarget {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(expectedStatus, "expectedStatus");
    Objects.requireNonNull(bodyContains, "bodyContains");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
  }

  /** The observation record key, {@code shop/web@desktop}: also how targets are named in logs. */
  public String key() {
    return RecordKeys.observation(service, cluster);
  }
}
