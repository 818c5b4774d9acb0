package io.hybridfailover.prober.probe;

import io.hybridfailover.catalog.ProbeTarget;
import io.hybridfailover.events.Check;
import io.hybridfailover.events.Observation;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Probes one target on its schedule, one probe at a time, and hands every result on as an
 * observation. Probe starts are planned at fixed (jittered) times, not after the previous probe
 * ends, so a slow target is probed as often as a fast one.
 */
public final class TargetProber {

  private final ProbeTarget target;
  private final String proberId;
  private final HttpProbe probe;
  private final Jitter jitter;
  private final ProbeMetrics.TargetMeters meters;
  private final Consumer<Observation> sink;
  private final Vertx vertx;
  private final Clock clock;
  private final long stallToleranceNanos;
  private final AtomicBoolean inFlight = new AtomicBoolean();

  private volatile boolean stopped;
  private volatile long timerId = -1;
  private long plannedStart;

  public TargetProber(
      ProbeTarget target,
      String proberId,
      HttpProbe probe,
      Jitter jitter,
      ProbeMetrics.TargetMeters meters,
      Consumer<Observation> sink,
      Vertx vertx,
      Clock clock,
      Duration stallTolerance) {
    this.target = target;
    this.proberId = proberId;
    this.probe = probe;
    this.jitter = jitter;
    this.meters = meters;
    this.sink = sink;
    this.vertx = vertx;
    this.clock = clock;
    this.stallToleranceNanos = stallTolerance.toNanos();
  }

  public ProbeTarget target() {
    return target;
  }

  /**
   * Starts probing: the first probe somewhere in the first interval counted from {@code
   * originNanos} ({@link System#nanoTime()}), see {@link Jitter}. Targets started from one origin
   * with jitters of one seed share rounds.
   */
  public void start(long originNanos) {
    plannedStart = originNanos + jitter.firstDelayNanos(target.interval());
    scheduleNext();
  }

  /** Stops probing; a probe in flight still finishes and is handed on. */
  public void stop() {
    stopped = true;
    vertx.cancelTimer(timerId);
  }

  /**
   * Starts one probe now, unless the previous one is still in flight: then the probe is skipped and
   * counted, so a hanging target never has probes piling up.
   *
   * @return whether a probe started
   */
  public boolean probeNow() {
    if (!inFlight.compareAndSet(false, true)) {
      meters.skipped();
      return false;
    }
    Instant observedAt = clock.instant();
    long began = System.nanoTime();
    probe
        .probe(target)
        .onComplete(
            done -> {
              long nanos = System.nanoTime() - began;
              ProbeResult result = done.result();
              inFlight.set(false);
              if (stalled(result, nanos)) {
                meters.stalled();
                return;
              }
              meters.finished(result, nanos);
              sink.accept(
                  new Observation(
                      target.service(),
                      target.cluster(),
                      Check.HTTP,
                      proberId,
                      result.outcome(),
                      TimeUnit.NANOSECONDS.toMillis(nanos),
                      result.detail(),
                      target.url().toString(),
                      observedAt));
            });
    return true;
  }

  /**
   * Whether this probe's timeout fired more than the stall tolerance after it was due: the prober
   * itself did not run in time (a GC pause, a starved CPU, a JVM still compiling at start-up), so
   * whether the target would have answered within the timeout is unknown. Such a timeout is no
   * evidence that the target is down, and is not published: the prober's vote goes stale rather
   * than DOWN. A late answer or a refused connection is still a fact about the target, and is.
   */
  boolean stalled(ProbeResult result, long nanos) {
    return ProbeResult.TIMEOUT.equals(result.reason())
        && nanos - target.timeout().toNanos() > stallToleranceNanos;
  }

  private void scheduleNext() {
    if (stopped) {
      return;
    }
    long delayMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(plannedStart - System.nanoTime()));
    timerId = vertx.setTimer(delayMs, id -> onTimer());
  }

  private void onTimer() {
    if (stopped) {
      return;
    }
    long now = System.nanoTime();
    meters.startedLate(now - plannedStart);
    probeNow();
    plannedStart = nextStart(plannedStart, now, jitter, target.interval());
    scheduleNext();
  }

  /**
   * The start planned after {@code planned}. If it is already past at {@code now} (the prober
   * stalled for a whole interval), the rounds missed are skipped rather than fired late in a burst;
   * skipping along the plan, not planning afresh from now, keeps the targets of a round together.
   */
  static long nextStart(long planned, long now, Jitter jitter, Duration interval) {
    long next = planned + jitter.nextDelayNanos(interval);
    while (next < now) {
      next += jitter.nextDelayNanos(interval);
    }
    return next;
  }
}
