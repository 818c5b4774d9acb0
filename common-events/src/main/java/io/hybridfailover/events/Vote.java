package io.hybridfailover.events;

/** One prober's vote on a target, as the decider counted it for a transition. */
public enum Vote implements WireValue {
  /** {@code rise} consecutive UP observations. */
  UP,
  /** {@code fall} consecutive DOWN observations. */
  DOWN,
  /** The prober's last observation is older than {@code stale-after}: the vote does not count. */
  STALE,
  /**
   * The prober has observed the target but has reached neither {@code fall} nor {@code rise} yet.
   * Not in the contract's example; added so a transition can show every prober it heard from.
   */
  NONE
}
