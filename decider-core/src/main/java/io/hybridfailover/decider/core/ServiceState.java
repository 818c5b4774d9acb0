package io.hybridfailover.decider.core;

import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.FailoverState;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Verdict;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything the decider knows about one service: the only memory it has between two inputs, kept
 * in a state store (see {@link ServiceStateCodec}) so that a restart resumes exactly where it was
 * and the epoch is never reused.
 *
 * <p>The timers of the decision semantics are: "desktop UP since" = {@code desktop.since()} while
 * its verdict is UP; "failing over since" = {@code modeSince} in FAILING_OVER; "last failback step"
 * and "drain start" = {@code stepSince} (the drain starts with the last step).
 *
 * @param service the service id, {@code <namespace>/<name>}
 * @param mode where the service is in the failover cycle
 * @param modeSince when the service entered {@code mode}; {@code null} until the decider first
 *     hears of the service
 * @param epoch the epoch of the last command issued; 0 before the first
 * @param routing the routing of the last command (desktop 100 before the first)
 * @param placement the placement of the last command (PRIMARY before the first)
 * @param frozen no automatic commands (FREEZE, or FORCE_*)
 * @param forced the side a FORCE_* override pinned the service to; {@code null} if not forced
 * @param desktop the verdict and probers' tracks for the desktop copy
 * @param gke the verdict and probers' tracks for the GKE copy
 * @param stepSince in FAILING_BACK, when the current step was issued; {@code null} otherwise
 * @param standbyAlertSent the standby-timeout alert of the current FAILING_OVER episode was sent
 * @param failoverStarts when recent failovers (and flaps) started, oldest first; entries older than
 *     the flap window are dropped whenever a new one is added
 * @param lastResults the newest actuation result of each actuator, by actuator, for display
 */
public record ServiceState(
    String service,
    Mode mode,
    Instant modeSince,
    long epoch,
    Routing routing,
    Placement placement,
    boolean frozen,
    Cluster forced,
    ClusterHealth desktop,
    ClusterHealth gke,
    Instant stepSince,
    boolean standbyAlertSent,
    List<Instant> failoverStarts,
    Map<String, ActuationResult> lastResults) {

  public ServiceState {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(mode, "mode");
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch: must be >= 0 but was " + epoch);
    }
    Objects.requireNonNull(routing, "routing");
    Objects.requireNonNull(placement, "placement");
    desktop = Objects.requireNonNullElse(desktop, ClusterHealth.unknown());
    gke = Objects.requireNonNullElse(gke, ClusterHealth.unknown());
    failoverStarts = failoverStarts == null ? List.of() : List.copyOf(failoverStarts);
    lastResults =
        Collections.unmodifiableMap(new TreeMap<>(lastResults == null ? Map.of() : lastResults));
  }

  /** A service the decider has never acted on: PRIMARY, desktop 100, placement PRIMARY, epoch 0. */
  public static ServiceState initial(String service) {
    return new ServiceState(
        service,
        Mode.PRIMARY,
        null,
        0,
        Routing.allDesktop(),
        Placement.PRIMARY,
        false,
        null,
        ClusterHealth.unknown(),
        ClusterHealth.unknown(),
        null,
        false,
        List.of(),
        Map.of());
  }

  /** The view of {@code cluster}. */
  public ClusterHealth health(Cluster cluster) {
    return cluster == Cluster.DESKTOP ? desktop : gke;
  }

  /** The current verdict on {@code cluster}. */
  public Verdict verdict(Cluster cluster) {
    return health(cluster).verdict();
  }

  /**
   * The state event of this state.
   *
   * @throws NullPointerException if {@code modeSince} is not set yet (the decider sets it on the
   *     first input)
   */
  public FailoverState toFailoverState() {
    return new FailoverState(
        service,
        mode,
        epoch,
        routing,
        placement,
        frozen,
        Objects.requireNonNull(modeSince, "modeSince"),
        Map.of(Cluster.DESKTOP, desktop.verdict(), Cluster.GKE, gke.verdict()));
  }

  /** Whether the published state (mode, epoch, routing, placement, frozen, health) differs. */
  boolean publishedDiffers(ServiceState other) {
    return mode != other.mode
        || epoch != other.epoch
        || !routing.equals(other.routing)
        || placement != other.placement
        || frozen != other.frozen
        || desktop.verdict() != other.desktop.verdict()
        || gke.verdict() != other.gke.verdict();
  }

  ServiceState withModeSince(Instant since) {
    return new ServiceState(
        service,
        mode,
        since,
        epoch,
        routing,
        placement,
        frozen,
        forced,
        desktop,
        gke,
        stepSince,
        standbyAlertSent,
        failoverStarts,
        lastResults);
  }

  ServiceState withHealth(Cluster cluster, ClusterHealth health) {
    return new ServiceState(
        service,
        mode,
        modeSince,
        epoch,
        routing,
        placement,
        frozen,
        forced,
        cluster == Cluster.DESKTOP ? health : desktop,
        cluster == Cluster.GKE ? health : gke,
        stepSince,
        standbyAlertSent,
        failoverStarts,
        lastResults);
  }

  ServiceState withControl(boolean newFrozen, Cluster newForced) {
    return new ServiceState(
        service,
        mode,
        modeSince,
        epoch,
        routing,
        placement,
        newFrozen,
        newForced,
        desktop,
        gke,
        stepSince,
        standbyAlertSent,
        failoverStarts,
        lastResults);
  }

  ServiceState withStandbyAlertSent() {
    return new ServiceState(
        service,
        mode,
        modeSince,
        epoch,
        routing,
        placement,
        frozen,
        forced,
        desktop,
        gke,
        stepSince,
        true,
        failoverStarts,
        lastResults);
  }

  /**
   * The state after issuing a command: the new desired state at {@code newEpoch}, the mode's timers
   * restarted where the mode changed, and the failover starts as given.
   */
  ServiceState withCommand(
      Mode newMode,
      Routing newRouting,
      Placement newPlacement,
      long newEpoch,
      Instant now,
      List<Instant> newFailoverStarts) {
    boolean sameMode = newMode == mode;
    return new ServiceState(
        service,
        newMode,
        sameMode ? modeSince : now,
        newEpoch,
        newRouting,
        newPlacement,
        frozen,
        forced,
        desktop,
        gke,
        newMode == Mode.FAILING_BACK ? now : null,
        sameMode && standbyAlertSent,
        newFailoverStarts,
        lastResults);
  }

  /**
   * The state after an actuation result: kept if it is the actuator's newest, and the epoch raised
   * to the result's if that is higher (the next command must not be refused as stale).
   */
  ServiceState withResult(ActuationResult result) {
    ActuationResult current = lastResults.get(result.actuator());
    boolean newest =
        current == null
            || result.epoch() > current.epoch()
            || (result.epoch() == current.epoch()
                && !result.completedAt().isBefore(current.completedAt()));
    if (!newest && result.epoch() <= epoch) {
      return this;
    }
    Map<String, ActuationResult> results = new TreeMap<>(lastResults);
    if (newest) {
      results.put(result.actuator(), result);
    }
    return new ServiceState(
        service,
        mode,
        modeSince,
        Math.max(epoch, result.epoch()),
        routing,
        placement,
        frozen,
        forced,
        desktop,
        gke,
        stepSince,
        standbyAlertSent,
        failoverStarts,
        results);
  }
}
