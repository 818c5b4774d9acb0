package io.hybridfailover.prober.probe;

import io.hybridfailover.catalog.ProbeTarget;
import io.hybridfailover.events.Check;
import io.hybridfailover.events.Observation;
import io.vertx.core.Vertx;
import java.time.Clock;
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
      Clock clock) {
    this.target = target;
    this.proberId = proberId;
    this.probe = probe;
    this.jitter = jitter;
    this.meters = meters;
    this.sink = sink;
    this.vertx = vertx;
    this.clock = clock;
  }

  public ProbeTarget target() {
    return target;
  }

  /** Starts probing: the first probe somewhere in the first interval, see {@link Jitter}. */
  public void start() {
    plannedStart = System.nanoTime() + jitter.firstDelayNanos(target.interval());
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
    plannedStart += jitter.nextDelayNanos(target.interval());
    if (plannedStart < now) {
      // The next start is already past (the prober stalled for a whole interval): plan from now
      // rather than firing a burst of late probes to catch up.
      plannedStart = now + jitter.nextDelayNanos(target.interval());
    }
    scheduleNext();
  }
}
