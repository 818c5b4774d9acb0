package io.hybridfailover.decider;

import java.time.Duration;

/**
 * When a task asks Kafka Streams to commit the transaction that holds its commands. A command is
 * readable only once that transaction commits, so a lone command asks at once. In a burst (every
 * service tipping in the same second) asking at once costs one exactly-once commit per command, one
 * after the other: after each commit the stream thread goes on with a single record per task (it
 * halves its batch after a commit) and commits again at the next command, so the n-th service waits
 * for n-1 commits (100-250 ms each on a loaded broker). A command that follows another within
 * {@link #BURST_MS} therefore waits until the task has decided the records already fetched (a
 * punctuation finds none processed since the previous one), or at most {@link #MAX_WAIT_MS}, and
 * one commit carries the commands of all of them.
 *
 * <p>Plain state with the wall-clock time passed in; {@link DecideProcessor} feeds it every record
 * and tick it processes and a punctuation every {@link #PUNCTUATION}.
 */
final class CommitPacing {

  /** A command within this long of the previous one is part of a burst. */
  static final long BURST_MS = 1_000;

  /** The longest a command of a burst waits for its commit to be asked for. */
  static final long MAX_WAIT_MS = 20;

  /** How often the processor asks {@link #punctuated}: the delay a drained burst adds at most. */
  static final Duration PUNCTUATION = Duration.ofMillis(1);

  private static final long NONE = Long.MIN_VALUE;

  private long lastCommandMs = NONE;
  private long pendingSinceMs = NONE;
  private boolean processedSincePunctuation;

  /**
   * A record or tick was processed at {@code nowMs}, and it did or did not issue a command.
   *
   * @return whether to ask for the commit now
   */
  boolean processed(long nowMs, boolean commanded) {
    processedSincePunctuation = true;
    if (commanded) {
      boolean lone = lastCommandMs == NONE || nowMs - lastCommandMs >= BURST_MS;
      lastCommandMs = nowMs;
      if (lone) {
        pendingSinceMs = NONE;
        return true;
      }
      if (pendingSinceMs == NONE) {
        pendingSinceMs = nowMs;
      }
    }
    return waitedLongEnough(nowMs);
  }

  /**
   * A punctuation at {@code nowMs}.
   *
   * @return whether to ask for the commit now: commands wait and nothing was processed since the
   *     previous punctuation (the task has decided what was fetched), or they waited long enough
   */
  boolean punctuated(long nowMs) {
    boolean drained = !processedSincePunctuation;
    processedSincePunctuation = false;
    if (pendingSinceMs != NONE && drained) {
      pendingSinceMs = NONE;
      return true;
    }
    return waitedLongEnough(nowMs);
  }

  private boolean waitedLongEnough(long nowMs) {
    if (pendingSinceMs != NONE && nowMs - pendingSinceMs >= MAX_WAIT_MS) {
      pendingSinceMs = NONE;
      return true;
    }
    return false;
  }
}
