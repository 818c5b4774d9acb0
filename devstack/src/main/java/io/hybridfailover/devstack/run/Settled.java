package io.hybridfailover.devstack.run;

/**
 * How the wait for a settled world went ({@code settle} in a drill's JSON).
 *
 * @param waitedMs from the world steady to the first fault's go-ahead
 * @param cores what the world's processes used over the settle window just before the fault; {@code
 *     null} when the drill did not wait
 * @param settled whether that was below the settings' bound (false: timed out, or did not wait)
 */
public record Settled(long waitedMs, Double cores, boolean settled) {

  /** The drill did not wait. */
  static final Settled NOT_WAITED = new Settled(0, null, false);
}
