package io.hybridfailover.decider.core.bench;

import io.hybridfailover.decider.core.Decider;
import io.hybridfailover.decider.core.DeciderSettingsSet;
import io.hybridfailover.decider.core.Decision;
import io.hybridfailover.decider.core.ServiceState;
import io.hybridfailover.decider.core.ServiceStateCodec;
import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Observations per second through {@link Decider#onObservation}, each service's state carried from
 * one observation to the next as the service does. Every service is probed by 3 probers on both
 * clusters once per (virtual) second; the score is in observations per second.
 *
 * <ul>
 *   <li>{@code steady}: every probe is UP, the common case.
 *   <li>{@code mixed}: every probe has a 1% chance of a lone DOWN (noise that never reaches {@code
 *       fall}), and every 10th service (service 0 included, so the one service of {@code
 *       services=1} flaps) loses its desktop for 30 s every 5 min as seen by 2 of its 3 probers:
 *       failover, damped failback in steps, drain, and again.
 * </ul>
 *
 * <p>{@code observe} is the pure core; {@code observeAndStore} also decodes and re-encodes the
 * state as the service's state store does for every input, to show what that costs on top.
 *
 * <p>The observations are built before each batch, outside the measured time: building events
 * (validation, ids) is the prober's and the decoder's work, not the decider's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
// On 2 cores the decision path (and Jackson, for the store) takes ~8 s to be fully compiled: the
// first seconds run 10 to 30 times slower than the steady state measured here.
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
public class DeciderThroughputBench {

  /**
   * Observations per measured call: fixed (JMH needs a constant), long enough (milliseconds) that
   * timing each call apart from its set-up costs nothing measurable, short enough that every
   * iteration has many calls.
   */
  static final int BATCH = 1_000;

  private static final List<String> PROBERS = List.of("prober-a", "prober-b", "prober-c");
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final int FLAP_PERIOD_SECONDS = 300;
  private static final int FLAP_DOWN_SECONDS = 30;

  @Param({"1", "100", "1000"})
  int services;

  @Param({"steady", "mixed"})
  String mix;

  private Decider decider;
  private String[] ids;
  private ServiceState[] states;
  private byte[][] stored;
  private final SplittableRandom random = new SplittableRandom(42);

  /**
   * The next observation to build, counted from the first: round, then service, prober, cluster.
   */
  private long next;

  private final Event<?>[] batch = new Event<?>[BATCH];
  private final int[] batchService = new int[BATCH];
  private final Instant[] batchNow = new Instant[BATCH];

  @Setup(Level.Trial)
  public void start() {
    // Production defaults (fall 3, rise 3, stale-after 5 s, failback 120 s in 25/50/100 steps...)
    // with the 3 probers this benchmark runs, so quorum 2.
    decider =
        new Decider(
            DeciderSettingsSet.fromProperties(Map.of("hybrid.decider.expected-probers", "3")));
    ids = new String[services];
    states = new ServiceState[services];
    stored = new byte[services][];
    for (int i = 0; i < services; i++) {
      ids[i] = String.format("bench/svc-%04d", i);
      states[i] = ServiceState.initial(ids[i]);
      stored[i] = ServiceStateCodec.encode(states[i]);
    }
  }

  @Setup(Level.Invocation)
  public void nextBatch() {
    int perRound = services * PROBERS.size() * 2;
    for (int i = 0; i < BATCH; i++, next++) {
      long round = next / perRound;
      int k = (int) (next % perRound);
      int service = k / (PROBERS.size() * 2);
      int prober = k % (PROBERS.size() * 2) / 2;
      Cluster cluster = k % 2 == 0 ? Cluster.DESKTOP : Cluster.GKE;
      Instant observedAt = T0.plusSeconds(round);
      batch[i] =
          Event.of(
              "obs-" + next,
              "/health-prober/" + PROBERS.get(prober),
              new Observation(
                  ids[service],
                  cluster,
                  Check.HTTP,
                  PROBERS.get(prober),
                  outcome(service, prober, cluster, round),
                  5,
                  null,
                  null,
                  observedAt));
      batchService[i] = service;
      // The service decides a little after the probe, as when it keeps up with the topic.
      batchNow[i] = observedAt.plusMillis(20);
    }
  }

  private Outcome outcome(int service, int prober, Cluster cluster, long round) {
    if (mix.equals("steady")) {
      return Outcome.UP;
    }
    boolean flapper = service % 10 == 0;
    long phase = (round + service * 7L) % FLAP_PERIOD_SECONDS;
    if (flapper && cluster == Cluster.DESKTOP && prober < 2 && phase < FLAP_DOWN_SECONDS) {
      return Outcome.DOWN;
    }
    return random.nextInt(100) == 0 ? Outcome.DOWN : Outcome.UP;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  @SuppressWarnings("unchecked")
  public void observe(Blackhole blackhole) {
    for (int i = 0; i < BATCH; i++) {
      int service = batchService[i];
      Decision decision =
          decider.onObservation(states[service], (Event<Observation>) batch[i], batchNow[i]);
      states[service] = decision.serviceState();
      blackhole.consume(decision);
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  @SuppressWarnings("unchecked")
  public void observeAndStore(Blackhole blackhole) {
    for (int i = 0; i < BATCH; i++) {
      int service = batchService[i];
      ServiceState before = ServiceStateCodec.decode(stored[service]);
      Decision decision = decider.onObservation(before, (Event<Observation>) batch[i], batchNow[i]);
      if (!decision.serviceState().equals(before)) {
        stored[service] = ServiceStateCodec.encode(decision.serviceState());
      }
      blackhole.consume(decision);
    }
  }
}
