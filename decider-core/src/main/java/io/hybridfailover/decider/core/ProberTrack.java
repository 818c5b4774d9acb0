package io.hybridfailover.decider.core;

import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.Vote;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the decider remembers of one prober's observations of one target (a service on a cluster):
 * the per-prober hysteresis of the decision semantics.
 *
 * <p>The vote is sticky: a prober that voted DOWN keeps voting DOWN until it has seen {@code rise}
 * consecutive UPs, so one good probe in a bad spell changes nothing.
 *
 * @param ups consecutive UP observations, counted up to {@code rise}
 * @param downs consecutive DOWN observations, counted up to {@code fall}
 * @param vote {@link Vote#UP}, {@link Vote#DOWN}, or {@link Vote#NONE} before either was reached
 *     ({@link Vote#STALE} is never stored: it depends on the clock, see {@link #voteAt})
 * @param lastObservedAt the newest {@code observedAt} seen from this prober for this target, by the
 *     prober's clock (orders its observations)
 * @param lastSeenAt that observation's {@code observedAt} corrected by the prober's learned clock
 *     offset ({@link ProberClock}): when the decider reckons it was made, by the decider's clock.
 *     Staleness is measured from it. Equal to {@code lastObservedAt} if absent (a state written
 *     before offsets were learned)
 */
public record ProberTrack(
    int ups, int downs, Vote vote, Instant lastObservedAt, Instant lastSeenAt) {

  public ProberTrack {
    Objects.requireNonNull(vote, "vote");
    Objects.requireNonNull(lastObservedAt, "lastObservedAt");
    lastSeenAt = Objects.requireNonNullElse(lastSeenAt, lastObservedAt);
    if (vote == Vote.STALE) {
      throw new IllegalArgumentException("vote: STALE is derived from the clock, never stored");
    }
  }

  /**
   * The track of a prober heard from for the first time.
   *
   * @param seenAt {@code observedAt} corrected by the prober's learned clock offset
   */
  static ProberTrack first(
      Outcome outcome, Instant observedAt, Instant seenAt, DeciderSettings settings) {
    return new ProberTrack(0, 0, Vote.NONE, observedAt, seenAt)
        .count(outcome, observedAt, seenAt, settings);
  }

  /**
   * The track after one more observation; empty if it is not newer than the newest already seen
   * (late or duplicate delivery changes nothing). Newer is judged by the prober's own clock, or,
   * for a prober whose clock was found to have jumped back (a new offset learned), by the corrected
   * time being more than {@code max-clock-skew} after the last one. If the prober was silent for
   * longer than {@code stale-after} (by observation times, so consumer lag does not reset anyone),
   * or its clock jumped back, its vote had expired: the run starts over and the vote must be earned
   * again.
   *
   * @param seenAt {@code observedAt} corrected by the prober's learned clock offset
   */
  Optional<ProberTrack> after(
      Outcome outcome, Instant observedAt, Instant seenAt, DeciderSettings settings) {
    boolean newer = observedAt.isAfter(lastObservedAt);
    boolean clockWentBack = !newer && seenAt.isAfter(lastSeenAt.plus(settings.maxClockSkew()));
    if (!newer && !clockWentBack) {
      return Optional.empty();
    }
    boolean expired =
        clockWentBack
            || Duration.between(lastObservedAt, observedAt).compareTo(settings.staleAfter()) > 0;
    ProberTrack run = expired ? new ProberTrack(0, 0, Vote.NONE, lastObservedAt, lastSeenAt) : this;
    return Optional.of(run.count(outcome, observedAt, seenAt, settings));
  }

  /**
   * The vote as counted at {@code now}: STALE once the observation, corrected by the prober's
   * learned clock offset, is older than {@code staleAfter}.
   */
  Vote voteAt(Instant now, Duration staleAfter) {
    return Duration.between(lastSeenAt, now).compareTo(staleAfter) > 0 ? Vote.STALE : vote;
  }

  /** The outcome of the newest observation counted. */
  Outcome lastOutcome() {
    return downs > 0 ? Outcome.DOWN : Outcome.UP;
  }

  private ProberTrack count(
      Outcome outcome, Instant observedAt, Instant seenAt, DeciderSettings settings) {
    if (outcome == Outcome.UP) {
      int run = Math.min(ups + 1, settings.rise());
      return new ProberTrack(run, 0, run >= settings.rise() ? Vote.UP : vote, observedAt, seenAt);
    }
    int run = Math.min(downs + 1, settings.fall());
    return new ProberTrack(0, run, run >= settings.fall() ? Vote.DOWN : vote, observedAt, seenAt);
  }
}
