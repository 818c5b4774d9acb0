package io.hybridfailover.prober;

import io.hybridfailover.catalog.ProbeTarget;
import io.hybridfailover.catalog.StatusRanges;
import io.hybridfailover.events.Cluster;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Probe targets for plain tests. */
public final class Targets {

  private Targets() {}

  /** The timeout of tests about timeouts: short, so they run quickly. */
  public static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);

  /**
   * A target whose timeout is generous: for tests about anything but timeouts, so a cold JVM or a
   * busy machine cannot turn their outcome into a timeout.
   */
  public static ProbeTarget target(String url) {
    return target(url, Optional.empty(), Duration.ofSeconds(5));
  }

  /** A target with the {@link #SHORT_TIMEOUT}. */
  public static ProbeTarget shortTimeoutTarget(String url) {
    return target(url, Optional.empty(), SHORT_TIMEOUT);
  }

  /** Probed every second, or every twice the timeout if that is longer: timeouts stay valid. */
  public static ProbeTarget target(String url, Optional<String> bodyContains, Duration timeout) {
    Duration second = Duration.ofSeconds(1);
    return new ProbeTarget(
        "shop/web",
        Cluster.DESKTOP,
        URI.create(url),
        StatusRanges.SUCCESS_OR_REDIRECT,
        bodyContains,
        timeout.compareTo(second) < 0 ? second : timeout.multipliedBy(2),
        timeout);
  }
}
