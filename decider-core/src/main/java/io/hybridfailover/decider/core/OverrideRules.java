package io.hybridfailover.decider.core;

import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.RecordKeys;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Timestamps;
import io.hybridfailover.events.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of overrides that expire and of practice runs (v1.2 clarifications 7 and 8), on a
 * service's {@link Holds}; the {@link Decider} applies what they return. Pure, like the decider:
 * the time is {@code now}, given.
 *
 * <ul>
 *   <li>A FREEZE or FORCE_* ends by itself at its {@code expiresAt}, exactly as after a RELEASE:
 *       the rules re-evaluate at once, with a transition whose reason starts {@value
 *       #OVERRIDE_EXPIRED}. One that had expired when the decider read it replaces the earlier one
 *       and ends at once (no forced command).
 *   <li>A later override for the service replaces its earlier one, expiry included; one for all
 *       services replaces the service's own. The service's own and the one for all keep their own
 *       expiry: when the service's own ends, the one for all (if it still holds) is in effect again
 *       (and its force, if the routing left it, is issued again).
 *   <li>A practice run (FORCE_GKE with an expiry, reason {@code practice:...}) is refused, with a
 *       transition whose reason starts {@value #PRACTICE_REFUSED} and no command, unless both
 *       clusters are UP, it is for one service, and no operator's FREEZE or FORCE_* holds the
 *       service. It ends at once, like a RELEASE, when GKE stops being UP ({@value
 *       #PRACTICE_ABORTED}). Any operator's override replaces it.
 * </ul>
 */
public final class OverrideRules {

  /** How the reason of the transition of an override that ended by itself starts. */
  public static final String OVERRIDE_EXPIRED = "override-expired";

  /** How the reason of the transition of a refused practice run starts. */
  public static final String PRACTICE_REFUSED = "practice-refused";

  /** How the reason of the transition of a practice run ended because GKE is not UP starts. */
  public static final String PRACTICE_ABORTED = "practice-aborted";

  private OverrideRules() {}

  /** A transition to publish on {@code cluster} (its verdict unchanged) with this reason. */
  record Notice(Cluster cluster, String reason) {}

  /**
   * What an override or the passage of time did.
   *
   * @param state the state with its holds and control (frozen, forced) as they are now
   * @param moveTo the side to issue a forced command for; {@code null} if none
   * @param moveReason the forced command's reason
   * @param notices transitions to publish
   */
  record Outcome(ServiceState state, Cluster moveTo, String moveReason, List<Notice> notices) {

    static Outcome unchanged(ServiceState state) {
      return new Outcome(state, null, null, List.of());
    }
  }

  /** Applies {@code override} (CloudEvents id {@code id}) given the verdicts at {@code now}. */
  static Outcome apply(
      ServiceState state,
      String id,
      OperatorOverride override,
      Instant now,
      Verdict desktop,
      Verdict gke) {
    boolean forAll = RecordKeys.ALL_SERVICES.equals(override.service());
    Holds holds = holds(state);
    if (override.practice()) {
      String refused = refusal(state, holds.effective(), forAll, override, now, desktop, gke);
      if (refused != null) {
        return new Outcome(
            state,
            null,
            null,
            List.of(
                new Notice(
                    Cluster.GKE,
                    PRACTICE_REFUSED
                        + ": the practice run by "
                        + override.requestedBy()
                        + " ("
                        + override.reason()
                        + ") is refused: "
                        + refused
                        + "; nothing moved")));
      }
    }
    OverrideAction action = override.action();
    Cluster forcedTo =
        switch (action) {
          case FORCE_DESKTOP -> Cluster.DESKTOP;
          case FORCE_GKE -> Cluster.GKE;
          case FREEZE -> state.forced(); // a freeze keeps a force in place
          case UNFREEZE, RELEASE -> null;
        };
    Hold hold = Hold.of(id, override, forcedTo);
    boolean expired = hold.expiredAt(now);
    boolean holding = action.holds() && !expired;
    Holds after =
        forAll
            ? new Holds(null, holding ? hold : null)
            : new Holds(holding ? hold : holds.all() == null ? null : released(hold), holds.all());
    ServiceState next = state.withHolds(after);
    if (expired) {
      return new Outcome(
          next,
          null,
          null,
          List.of(
              new Notice(
                  side(hold),
                  OVERRIDE_EXPIRED
                      + ": "
                      + hold.describe()
                      + (forAll ? " for all services" : "")
                      + " had expired when the decider read it: "
                      + then(after))));
    }
    boolean force = action == OverrideAction.FORCE_DESKTOP || action == OverrideAction.FORCE_GKE;
    return new Outcome(
        next, force ? forcedTo : null, force ? forcedReason(hold, "") : null, List.of());
  }

  /**
   * At {@code now}, with the verdicts already evaluated: holds whose expiry has come end, and a
   * practice run ends if GKE is not UP.
   */
  static Outcome atTime(ServiceState state, Instant now) {
    Outcome expired = expire(state, now);
    Outcome aborted = abortPractice(expired.state());
    if (aborted.notices().isEmpty()) {
      return expired;
    }
    List<Notice> notices = new ArrayList<>(expired.notices());
    notices.addAll(aborted.notices());
    return new Outcome(aborted.state(), null, null, notices);
  }

  private static Outcome expire(ServiceState state, Instant now) {
    Holds holds = state.holds();
    if (holds == null) {
      return Outcome.unchanged(state);
    }
    Hold own = holds.service();
    Hold all = holds.all();
    boolean ownExpired = own != null && own.holds() && own.expiredAt(now);
    boolean allExpired = all != null && all.expiredAt(now);
    if (!ownExpired && !allExpired) {
      return Outcome.unchanged(state);
    }
    Hold before = holds.effective();
    if (ownExpired) {
      // A practice run was allowed only while the service was released from any hold for all.
      own = own.practice() && all != null ? released(own) : null;
    }
    if (allExpired) {
      all = null;
      own = own != null && !own.holds() ? null : own;
    }
    Holds after = new Holds(own, all);
    Hold effective = after.effective();
    List<Notice> notices = new ArrayList<>();
    if (before != null && before != effective) {
      notices.add(
          new Notice(
              side(before),
              OVERRIDE_EXPIRED
                  + ": "
                  + before.describe()
                  + (before == holds.all() ? " for all services" : "")
                  + " expired: "
                  + then(after)));
    }
    ServiceState next = state.withHolds(after);
    boolean forceAgain =
        effective != null
            && effective != before
            && effective.forced() != null
            && !state.routing().equals(routing(effective.forced()));
    return forceAgain
        ? new Outcome(
            next,
            effective.forced(),
            forcedReason(effective, " (the override for all services, in effect again)"),
            notices)
        : new Outcome(next, null, null, notices);
  }

  private static Outcome abortPractice(ServiceState state) {
    Holds holds = state.holds();
    Hold effective = holds == null ? null : holds.effective();
    Verdict gke = state.verdict(Cluster.GKE);
    if (effective == null || !effective.practice() || gke == Verdict.UP) {
      return Outcome.unchanged(state);
    }
    Holds after = new Holds(holds.all() == null ? null : released(effective), holds.all());
    return new Outcome(
        state.withHolds(after),
        null,
        null,
        List.of(
            new Notice(
                Cluster.GKE,
                PRACTICE_ABORTED
                    + ": "
                    + effective.describe()
                    + " ended at once: gke is "
                    + gke.wireName()
                    + "; "
                    + then(after))));
  }

  /** Why a practice run is refused; {@code null} if it is not. */
  private static String refusal(
      ServiceState state,
      Hold effective,
      boolean forAll,
      OperatorOverride override,
      Instant now,
      Verdict desktop,
      Verdict gke) {
    if (forAll) {
      return "a practice run is for one service, not for all (*)";
    }
    if (state.frozen() && (effective == null || !effective.practice())) {
      return state.service()
          + " is held by "
          + (effective == null
              ? "an operator's override"
              : "the operator's " + effective.describe())
          + ", which a practice run never replaces";
    }
    if (!now.isBefore(override.expiresAt())) {
      return "it had expired (" + Timestamps.format(override.expiresAt()) + ") when read";
    }
    if (desktop != Verdict.UP || gke != Verdict.UP) {
      return "both clusters must be UP, but desktop is "
          + desktop.wireName()
          + " and gke is "
          + gke.wireName();
    }
    return null;
  }

  /** The holds of a state; a state from before holds were kept has none. */
  private static Holds holds(ServiceState state) {
    return state.holds() == null ? new Holds(null, null) : state.holds();
  }

  /** The service released from the override for all by (or after) {@code hold}. */
  private static Hold released(Hold hold) {
    return new Hold(
        hold.overrideId(), OverrideAction.RELEASE, null, hold.requestedBy(), hold.reason(), null);
  }

  private static String then(Holds after) {
    Hold effective = after.effective();
    return effective == null
        ? "back to automatic"
        : "still held by the "
            + effective.describe()
            + (effective == after.all() ? " for all services" : "");
  }

  /** The cluster a notice about {@code hold} is published on: its forced side, else the desktop. */
  private static Cluster side(Hold hold) {
    return hold.forced() == null ? Cluster.DESKTOP : hold.forced();
  }

  private static String forcedReason(Hold hold, String suffix) {
    return "forced to "
        + hold.forced().wireName()
        + " by "
        + hold.requestedBy()
        + ": "
        + hold.reason()
        + (hold.expiresAt() == null ? "" : " (until " + Timestamps.format(hold.expiresAt()) + ")")
        + suffix;
  }

  static Routing routing(Cluster side) {
    return side == Cluster.GKE ? Routing.allGke() : Routing.allDesktop();
  }
}
