package io.hybridfailover.actuation;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One lane per service on a bounded pool of threads: the work of one service runs in the order it
 * was handed in, one piece at a time; the lanes of different services run side by side, at most
 * {@code concurrency} at once. A service whose write hangs holds one thread, never another
 * service's lane. A lane takes one turn per piece of work, so a service with many queued pieces
 * does not keep a thread from the others.
 */
public final class ServiceLanes implements AutoCloseable {

  /** The default bound: threads mostly wait on the API server, each holds one request. */
  public static final int DEFAULT_CONCURRENCY = 16;

  private static final Logger LOG = Logger.getLogger(ServiceLanes.class);

  private final ExecutorService pool;
  private final int concurrency;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();

  /** The pieces of work of one service not started yet, and whether the lane holds a turn. */
  private static final class Lane {
    final Queue<Runnable> work = new ArrayDeque<>();
    boolean scheduled;
  }

  /**
   * @param name names the threads ({@code <name>-reconcile-N}) and tags the gauges
   * @param concurrency how many services are worked on at once, at least 1
   */
  public ServiceLanes(String name, int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException(
          name + ": reconcile-concurrency must be at least 1, got " + concurrency);
    }
    AtomicInteger threads = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            concurrency,
            concurrency,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            runnable -> {
              Thread thread =
                  new Thread(runnable, name + "-reconcile-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    executor.allowCoreThreadTimeOut(true);
    this.pool = executor;
    this.concurrency = concurrency;
    // For the dashboard: a queue that grows while in-flight stays at the bound is a saturated pool.
    Gauge.builder("hybrid.actuator.reconcile.queued", queued, AtomicInteger::get)
        .description("pieces of work (commands, drift checks) waiting in the service lanes")
        .tag("actuator", name)
        .register(Metrics.globalRegistry);
    Gauge.builder("hybrid.actuator.reconcile.in.flight", inFlight, AtomicInteger::get)
        .description("services being reconciled now (at most the reconcile concurrency)")
        .tag("actuator", name)
        .register(Metrics.globalRegistry);
    Gauge.builder("hybrid.actuator.reconcile.concurrency", () -> concurrency)
        .description("the bound on services reconciled at once")
        .tag("actuator", name)
        .register(Metrics.globalRegistry);
  }

  /** Appends work to the service's lane; it runs after what the lane already holds. */
  public void submit(String service, Runnable work) {
    Lane lane = lanes.computeIfAbsent(service, s -> new Lane());
    synchronized (lane) {
      lane.work.add(work);
      queued.incrementAndGet();
      if (!lane.scheduled) {
        lane.scheduled = true;
        pool.execute(() -> turn(lane));
      }
    }
  }

  /**
   * Appends work only if the service's lane is empty and idle: a drift check does not queue behind
   * a command (or a stuck write) that is reconciling the service anyway.
   *
   * @return whether it was appended
   */
  public boolean submitIfIdle(String service, Runnable work) {
    Lane lane = lanes.computeIfAbsent(service, s -> new Lane());
    synchronized (lane) {
      if (lane.scheduled) {
        return false;
      }
      submit(service, work);
      return true;
    }
  }

  /** The bound: how many services are worked on at once, at most. */
  public int concurrency() {
    return concurrency;
  }

  /** Work waiting in the lanes. */
  public int queued() {
    return queued.get();
  }

  /** Services being worked on now. */
  public int inFlight() {
    return inFlight.get();
  }

  /** One piece of the lane's work; the lane takes another turn if more is waiting. */
  private void turn(Lane lane) {
    Runnable work;
    synchronized (lane) {
      work = lane.work.poll();
      if (work == null) {
        lane.scheduled = false;
        return;
      }
    }
    queued.decrementAndGet();
    inFlight.incrementAndGet();
    try {
      work.run();
    } catch (RuntimeException e) {
      // The work answers its own failures; this only keeps the lane going.
      LOG.warnf(e, "reconcile work failed: %s", e);
    } finally {
      inFlight.decrementAndGet();
    }
    synchronized (lane) {
      if (lane.work.isEmpty()) {
        lane.scheduled = false;
      } else {
        pool.execute(() -> turn(lane));
      }
    }
  }

  /** Stops taking work; what runs is interrupted (its command is read again after a restart). */
  @Override
  public void close() {
    pool.shutdownNow();
  }
}
