package io.hybridfailover.decider.core;

import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.FailoverState;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Verdict;
import java.time.Instant;
import java.util.ArrayList;
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
 * @param lastResults the newest result of each actuator to a command of this decider, for display
 * @param appliedOverrides ids of the overrides already applied, newest last (the last {@value
 *     #REMEMBERED_OVERRIDES}): a redelivered override changes nothing
 * @param clocks what the decider noticed about each prober's clock (skew, delayed deliveries), by
 *     prober; probers with nothing to report are left out
 * @param offsets what the decider has learned of each prober's clock offset, by prober (absent in a
 *     state written before offsets were learned: nothing learned)
 * @param holds the overrides holding the service, kept to end them when they expire (v1.2); {@code
 *     null} when none is kept (also in a state written before v1.2, whose {@code frozen} and {@code
 *     forced} then hold until released, as they did)
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
    Map<String, ActuationResult> lastResults,
    List<String> appliedOverrides,
    Map<String, ProberClock> clocks,
    Map<String, ProberOffset> offsets,
    Holds holds) {

  /** How many override ids are remembered: far more than any redelivery window holds. */
  static final int REMEMBERED_OVERRIDES = 64;

  public ServiceState {
    // Sorted maps: the state codec writes them in key order without copying them first.
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
        Collections.unmodifiableSortedMap(
            new TreeMap<>(lastResults == null ? Map.of() : lastResults));
    appliedOverrides = appliedOverrides == null ? List.of() : List.copyOf(appliedOverrides);
    clocks = Collections.unmodifiableSortedMap(new TreeMap<>(clocks == null ? Map.of() : clocks));
    offsets =
        Collections.unmodifiableSortedMap(new TreeMap<>(offsets == null ? Map.of() : offsets));
    holds = holds == null || holds.empty() ? null : holds;
  }

  /** A state that keeps no override holds (as written before v1.2). */
  public ServiceState(
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
      Map<String, ActuationResult> lastResults,
      List<String> appliedOverrides,
      Map<String, ProberClock> clocks,
      Map<String, ProberOffset> offsets) {
    this(
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
        standbyAlertSent,
        failoverStarts,
        lastResults,
        appliedOverrides,
        clocks,
        offsets,
        null);
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
        Map.of(),
        List.of(),
        Map.of(),
        Map.of(),
        null);
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
    Copy copy = new Copy(this);
    copy.modeSince = since;
    return copy.build();
  }

  ServiceState withHealth(Cluster cluster, ClusterHealth health) {
    Copy copy = new Copy(this);
    if (cluster == Cluster.DESKTOP) {
      copy.desktop = health;
    } else {
      copy.gke = health;
    }
    return copy.build();
  }

  ServiceState withControl(boolean newFrozen, Cluster newForced) {
    Copy copy = new Copy(this);
    copy.frozen = newFrozen;
    copy.forced = newForced;
    return copy.build();
  }

  /**
   * The state with {@code newHolds}, and frozen and forced as the hold in effect says (none: not
   * frozen, not forced).
   */
  ServiceState withHolds(Holds newHolds) {
    Hold effective = newHolds.effective();
    Copy copy = new Copy(this);
    copy.holds = newHolds;
    copy.frozen = effective != null;
    copy.forced = effective == null ? null : effective.forced();
    return copy.build();
  }

  ServiceState withStandbyAlertSent() {
    Copy copy = new Copy(this);
    copy.standbyAlertSent = true;
    return copy.build();
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
    Copy copy = new Copy(this);
    copy.mode = newMode;
    copy.modeSince = sameMode ? modeSince : now;
    copy.epoch = newEpoch;
    copy.routing = newRouting;
    copy.placement = newPlacement;
    copy.stepSince = newMode == Mode.FAILING_BACK ? now : null;
    copy.standbyAlertSent = sameMode && standbyAlertSent;
    copy.failoverStarts = newFailoverStarts;
    return copy.build();
  }

  /** The state with {@code result} kept if it is the newest of its actuator (for display). */
  ServiceState withResult(ActuationResult result) {
    ActuationResult current = lastResults.get(result.actuator());
    boolean newest =
        current == null
            || result.epoch() > current.epoch()
            || (result.epoch() == current.epoch()
                && !result.completedAt().isBefore(current.completedAt()));
    if (!newest) {
      return this;
    }
    Copy copy = new Copy(this);
    copy.lastResults = new TreeMap<>(lastResults);
    copy.lastResults.put(result.actuator(), result);
    return copy.build();
  }

  /**
   * The state with the epoch raised to {@code newEpoch}: adopted from a resource that is ahead, or
   * the epoch of a re-issued command of the same desired state. The mode and its timers are kept (a
   * re-issue is not a new move).
   */
  ServiceState withEpoch(long newEpoch) {
    Copy copy = new Copy(this);
    copy.epoch = newEpoch;
    return copy.build();
  }

  /** Whether the override with this CloudEvents id was applied already. */
  boolean overrideApplied(String eventId) {
    return appliedOverrides.contains(eventId);
  }

  /** The state remembering that the override {@code eventId} was applied. */
  ServiceState withOverrideApplied(String eventId) {
    Copy copy = new Copy(this);
    copy.appliedOverrides = new ArrayList<>(appliedOverrides);
    copy.appliedOverrides.add(eventId);
    while (copy.appliedOverrides.size() > REMEMBERED_OVERRIDES) {
      copy.appliedOverrides.remove(0);
    }
    return copy.build();
  }

  /** What the decider noticed about {@code prober}'s clock (nothing: {@link ProberClock#NONE}). */
  ProberClock clock(String prober) {
    return clocks.getOrDefault(prober, ProberClock.NONE);
  }

  /** The state with {@code prober}'s clock as given ({@code this} if nothing changed). */
  ServiceState withClock(String prober, ProberClock clock) {
    if (clock.equals(clock(prober))) {
      return this;
    }
    Copy copy = new Copy(this);
    copy.clocks = new TreeMap<>(clocks);
    if (clock.equals(ProberClock.NONE)) {
      copy.clocks.remove(prober);
    } else {
      copy.clocks.put(prober, clock);
    }
    return copy.build();
  }

  /** What the decider has learned of {@code prober}'s clock offset. */
  ProberOffset offset(String prober) {
    return offsets.getOrDefault(prober, ProberOffset.NONE);
  }

  /** The state with {@code prober}'s learned clock offset as given. */
  ServiceState withOffset(String prober, ProberOffset offset) {
    if (offset.equals(offset(prober))) {
      return this;
    }
    Copy copy = new Copy(this);
    copy.offsets = new TreeMap<>(offsets);
    copy.offsets.put(prober, offset);
    return copy.build();
  }

  /** A copy of a state with some fields changed: each wither names only what it changes. */
  private static final class Copy {
    private final String service;
    private Mode mode;
    private Instant modeSince;
    private long epoch;
    private Routing routing;
    private Placement placement;
    private boolean frozen;
    private Cluster forced;
    private ClusterHealth desktop;
    private ClusterHealth gke;
    private Instant stepSince;
    private boolean standbyAlertSent;
    private List<Instant> failoverStarts;
    private Map<String, ActuationResult> lastResults;
    private List<String> appliedOverrides;
    private Map<String, ProberClock> clocks;
    private Map<String, ProberOffset> offsets;
    private Holds holds;

    Copy(ServiceState state) {
      service = state.service;
      mode = state.mode;
      modeSince = state.modeSince;
      epoch = state.epoch;
      routing = state.routing;
      placement = state.placement;
      frozen = state.frozen;
      forced = state.forced;
      desktop = state.desktop;
      gke = state.gke;
      stepSince = state.stepSince;
      standbyAlertSent = state.standbyAlertSent;
      failoverStarts = state.failoverStarts;
      lastResults = state.lastResults;
      appliedOverrides = state.appliedOverrides;
      clocks = state.clocks;
      offsets = state.offsets;
      holds = state.holds;
    }

    ServiceState build() {
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
          standbyAlertSent,
          failoverStarts,
          lastResults,
          appliedOverrides,
          clocks,
          offsets,
          holds);
    }
  }
}
