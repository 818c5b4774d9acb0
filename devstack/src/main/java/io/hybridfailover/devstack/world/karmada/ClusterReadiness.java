package io.hybridfailover.devstack.world.karmada;

import java.time.Duration;
import java.time.Instant;

/**
 * The Ready condition Karmada keeps on one {@code Cluster}, with its timings (Karmada v1.19,
 * cluster_condition_cache.go and the controller manager's defaults). Pure: the caller says what
 * each check found and when.
 *
 * <ul>
 *   <li>Push mode (the control plane checks the member every {@code
 *       cluster-status-update-frequency}, 10 s): an observed condition that differs from the
 *       current one replaces it only once it has been observed for the threshold: {@code
 *       cluster-failure-threshold} (30 s) to turn NotReady, {@code cluster-success-threshold} (30
 *       s) to turn Ready again.
 *   <li>Pull mode (the member's agent renews a lease): NotReady once the lease has not been renewed
 *       for the grace period (40 s); Ready as soon as the agent reports again.
 * </ul>
 */
public final class ClusterReadiness {

  /** Karmada's defaults. */
  public record Timings(
      Duration checkInterval,
      Duration failureThreshold,
      Duration successThreshold,
      Duration leaseGrace) {

    public static final Timings KARMADA =
        new Timings(
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Duration.ofSeconds(40));
  }

  public enum SyncMode {
    PUSH,
    PULL
  }

  private final SyncMode mode;
  private final Timings timings;
  private boolean ready = true;
  private Instant differentSince;
  private Instant lastRenewed;

  public ClusterReadiness(SyncMode mode, Timings timings, Instant start) {
    this.mode = mode;
    this.timings = timings;
    this.lastRenewed = start;
  }

  /** The condition as Karmada shows it now. */
  public boolean ready() {
    return ready;
  }

  /**
   * A check of the member at {@code now} (Push: the control plane's; Pull: the agent's lease
   * renewal when {@code healthy}, nothing otherwise).
   *
   * @return the Ready condition after this check
   */
  public boolean check(Instant now, boolean healthy) {
    if (mode == SyncMode.PULL) {
      if (healthy) {
        lastRenewed = now;
        ready = true;
      } else if (Duration.between(lastRenewed, now).compareTo(timings.leaseGrace()) >= 0) {
        ready = false;
      }
      return ready;
    }
    if (healthy == ready) {
      differentSince = null;
      return ready;
    }
    if (differentSince == null) {
      differentSince = now;
    }
    Duration threshold = ready ? timings.failureThreshold() : timings.successThreshold();
    if (Duration.between(differentSince, now).compareTo(threshold) >= 0) {
      ready = healthy;
      differentSince = null;
    }
    return ready;
  }
}
