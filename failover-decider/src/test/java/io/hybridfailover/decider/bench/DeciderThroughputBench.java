package io.hybridfailover.decider.bench;

import static org.awaitility.Awaitility.await;

import io.hybridfailover.decider.DeciderTopology;
import io.hybridfailover.decider.core.Decider;
import io.hybridfailover.decider.core.DeciderSettingsSet;
import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.RecordKeys;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.kafka.EventDeserializer;
import io.hybridfailover.events.kafka.EventSerializer;
import io.hybridfailover.events.kafka.ServicePartitioner;
import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.Timer;
import java.util.TimerTask;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The decider service end to end: an embedded broker (loopback only) and the production topology on
 * Kafka Streams (exactly-once v2), fed by simulated probers (partitioned by service, as the prober
 * is). Prints
 *
 * <ol>
 *   <li><b>the curve</b> ({@code -Dbench.curve=commitMs/fetchWaitMs,...}): for each setting of the
 *       decider's commit interval and the fetch wait of its consumer and of the command reader, a
 *       fresh decider, failovers under the background load, and the latency p50/p99 against the
 *       broker transactions per second (the decider's commits: one transaction each);
 *   <li><b>throughput</b> with one decider instance, then two: bursts of observations (every
 *       service, every prober, both clusters, round after round with no pause) sent as fast as the
 *       producer goes; the time from the first send until every one of them was processed;
 *   <li><b>latency</b>: while {@code bench.services} services are probed once a second, {@code
 *       bench.failovers} other services fail, {@code bench.failoverRate} a second, each first seen
 *       UP by its 3 probers (rise 3), then DOWN by 2 of them; the time from sending the observation
 *       that tips the desktop to DOWN (the 3rd DOWN of the 2nd prober: fall 3, quorum 2 of 3) until
 *       the failover command can be read (read_committed, as an actuator reads);
 *   <li><b>takeover</b>: with two instances (one standby replica), one stops without leaving the
 *       group (as a killed pod); the time until the other decides for the stopped one's services.
 * </ol>
 *
 * <p>Run it with the commands in the README ("Benchmarks"). It stops by itself, within {@code
 * bench.timeLimit} seconds at most. Not a test: nothing here asserts on time.
 */
public final class DeciderThroughputBench {

  private static final int SERVICES = Integer.getInteger("bench.services", 200);
  private static final int FAILOVERS = Integer.getInteger("bench.failovers", 1000);
  private static final int FAILOVER_RATE = Integer.getInteger("bench.failoverRate", 20);
  private static final int CURVE_FAILOVERS = Integer.getInteger("bench.curveFailovers", 200);
  private static final int BURST_ROUNDS = Integer.getInteger("bench.burstRounds", 10);
  private static final int BURSTS = Integer.getInteger("bench.bursts", 6);
  private static final int PARTITIONS =
      Integer.getInteger("bench.partitions", EmbeddedKafka.DEFAULT_PARTITIONS);

  /** The settings under test, as in application.properties unless given. */
  private static final int COMMIT_MS = Integer.getInteger("bench.commitMs", 20);

  private static final int FETCH_WAIT_MS = Integer.getInteger("bench.fetchWaitMs", 10);
  private static final int POLL_MS = Integer.getInteger("bench.pollMs", 5);
  private static final int LINGER_MS = Integer.getInteger("bench.lingerMs", 0);
  private static final String CURVE = System.getProperty("bench.curve", "");
  private static final boolean SCALE =
      Boolean.parseBoolean(System.getProperty("bench.scale", "true"));

  /** Only the one-instance throughput of the scale part (no latency, two instances, takeover). */
  private static final boolean ONE_ONLY =
      Boolean.parseBoolean(System.getProperty("bench.oneOnly", "false"));

  private static final List<String> PROBERS = List.of("prober-a", "prober-b", "prober-c");

  /**
   * Every service is probed once a second, spread evenly over the second as probers' phases are.
   */
  private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

  private static final int SLOTS = 20;
  private static final Duration TIME_LIMIT =
      Duration.ofSeconds(Integer.getInteger("bench.timeLimit", 600));

  /** Strong references: java.util.logging forgets the level of a logger nobody holds. */
  private static final List<Logger> QUIET = new ArrayList<>();

  private final String bootstrap;
  private final Path stateDir;
  private final KafkaProducer<String, Event<?>> producer;
  private final AtomicInteger stateChanges = new AtomicInteger();
  private long sent;
  private int appRun;

  /** The services failed over by the current latency phase: tip and command times (nanos). */
  private final Map<String, Long> tippedAt = new ConcurrentHashMap<>();

  private final Map<String, Long> commandAt = new ConcurrentHashMap<>();

  /**
   * Exactly once, epochs strictly increasing per service: failover commands per service of the
   * current phase, and commands seen whose epoch was not above the service's previous one.
   */
  private final Map<String, Integer> failoverCommands = new ConcurrentHashMap<>();

  private final Map<String, Long> lastEpoch = new ConcurrentHashMap<>();
  private final AtomicInteger epochsNotIncreasing = new AtomicInteger();

  /** The first command seen per partition after {@link #watchFrom} (takeover). */
  private final Map<Integer, Long> firstCommandOn = new ConcurrentHashMap<>();

  private volatile long watchFrom = Long.MAX_VALUE;
  private volatile int watcherFetchWaitMs = FETCH_WAIT_MS;
  private int failingServices;

  /** Observations sent before the first decider of {@link #scale} started. */
  private long processedBase;

  private DeciderThroughputBench(String bootstrap, Path stateDir) {
    this.bootstrap = bootstrap;
    this.stateDir = stateDir;
    // As a prober sends: acks=all, idempotent, partitioned by service.
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                LINGER_MS,
                ProducerConfig.PARTITIONER_CLASS_CONFIG,
                ServicePartitioner.class.getName()),
            new StringSerializer(),
            new EventSerializer());
  }

  public static void main(String[] args) throws Exception {
    // Before anything logs: Quarkus's slf4j binding logs through JBoss LogManager, so this is the
    // java.util.logging that quietLogging() can turn down.
    System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
    quietLogging();
    Timer watchdog = new Timer("watchdog", true);
    watchdog.schedule(
        new TimerTask() {
          @Override
          public void run() {
            System.err.println("benchmark: over " + TIME_LIMIT.toSeconds() + " s, stopping");
            Runtime.getRuntime().halt(2);
          }
        },
        TIME_LIMIT.toMillis());

    Path stateDir = Files.createTempDirectory("decider-bench");
    long begin = System.nanoTime();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(PARTITIONS)) {
      DeciderThroughputBench bench = new DeciderThroughputBench(kafka.bootstrapServers(), stateDir);
      System.out.printf(
          "%d partitions; %d background services x %d probers x 2 clusters probed every %d ms"
              + " (%d observations/s); prober linger.ms=%d%n",
          PARTITIONS,
          SERVICES,
          PROBERS.size(),
          PROBE_INTERVAL.toMillis(),
          SERVICES * PROBERS.size() * 2 * 1000 / PROBE_INTERVAL.toMillis(),
          LINGER_MS);
      if (!CURVE.isBlank()) {
        bench.curve();
      }
      if (SCALE) {
        bench.scale();
      }
      bench.producer.close(Duration.ofSeconds(10));
    } finally {
      deleteRecursively(stateDir);
    }
    System.out.printf("%ntotal run time %.0f s%n", (System.nanoTime() - begin) / 1e9);
    watchdog.cancel();
    // Kafka's client and broker threads may linger a while after close: do not wait for them.
    System.exit(0);
  }

  /** The latency at each commit interval / fetch wait, against the transactions they cost. */
  private void curve() throws Exception {
    List<int[]> points = new ArrayList<>();
    for (String point : CURVE.split(",")) {
      String[] parts = point.trim().split("/");
      points.add(
          new int[] {
            Integer.parseInt(parts[0]),
            Integer.parseInt(parts[1]),
            parts.length > 2 ? Integer.parseInt(parts[2]) : POLL_MS
          });
    }
    // The first point twice: its first run warms the JIT and the broker up, and is not printed.
    points.add(0, points.get(0));
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      int commitMs = points.get(i)[0];
      int fetchWaitMs = points.get(i)[1];
      int pollMs = points.get(i)[2];
      watcherFetchWaitMs = fetchWaitMs;
      AtomicBoolean watching = new AtomicBoolean(true);
      Thread watcher = new Thread(() -> watchCommands(watching));
      watcher.start();
      KafkaStreams decider = startDecider("curve-" + i, commitMs, fetchWaitMs, pollMs, 0);
      try {
        probeRounds(3, 0, 0);
        double before = threadMetric(List.of(decider), "commit-total");
        long start = System.nanoTime();
        List<Long> latencies = failovers(CURVE_FAILOVERS);
        double seconds = (System.nanoTime() - start) / 1e9;
        double commits = threadMetric(List.of(decider), "commit-total") - before;
        if (i > 0) {
          rows.add(
              String.format(
                  "| %d | %d | %d | %.0f | %s | %s | %s | %d/%d | %d | %d |",
                  commitMs,
                  fetchWaitMs,
                  pollMs,
                  commits / seconds,
                  millis(percentile(latencies, 50)),
                  millis(percentile(latencies, 99)),
                  millis(latencies.isEmpty() ? null : latencies.get(latencies.size() - 1)),
                  latencies.size(),
                  CURVE_FAILOVERS,
                  duplicates(),
                  epochsNotIncreasing.get()));
        }
      } finally {
        watching.set(false);
        watcher.join(10_000);
        decider.close(Duration.ofSeconds(30));
      }
    }
    System.out.printf(
        "%n## Curve: observation-to-command latency against the decider's transactions%n%n");
    System.out.println(
        "| commit.interval.ms | fetch.max.wait.ms | poll.ms | transactions/s | p50 (ms) | p99 (ms)"
            + " | max (ms) | commands seen | duplicate failovers | epochs not increasing |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    rows.forEach(System.out::println);
  }

  /** Throughput with one and two instances, latency over many failovers, takeover. */
  private void scale() throws Exception {
    AtomicBoolean watching = new AtomicBoolean(true);
    watcherFetchWaitMs = FETCH_WAIT_MS;
    Thread watcher = new Thread(() -> watchCommands(watching));
    watcher.start();
    List<KafkaStreams> deciders = new ArrayList<>();
    try {
      processedBase = sent;
      deciders.add(startDecider("scale", COMMIT_MS, FETCH_WAIT_MS, POLL_MS, 1));
      System.out.printf(
          "%nsettings: commit.interval.ms=%d, poll.ms=%d, fetch.max.wait.ms=%d (decider and command"
              + " reader)%n",
          COMMIT_MS, POLL_MS, FETCH_WAIT_MS);
      // A cold decider falls behind at first (JIT, RocksDB): let it catch up before measuring.
      probeRounds(5, 0, 0);
      awaitProcessed(deciders, Duration.ofSeconds(60));
      List<double[]> one = bursts(deciders);
      if (ONE_ONLY) {
        reportThroughput("one instance", one);
        return;
      }

      double before = threadMetric(deciders, "commit-total");
      long start = System.nanoTime();
      List<Long> latencies = failovers(FAILOVERS);
      double txPerSecond =
          (threadMetric(deciders, "commit-total") - before) / ((System.nanoTime() - start) / 1e9);

      deciders.add(startDecider("scale", COMMIT_MS, FETCH_WAIT_MS, POLL_MS, 1));
      probeRounds(5, 0, 0);
      awaitProcessed(deciders, Duration.ofSeconds(60));
      List<double[]> two = bursts(deciders);

      reportThroughput("one instance", one);
      reportThroughput("two instances", two);
      System.out.printf(
          "%n## Observation-to-command latency (one instance; %d failovers, %d a second, under"
              + " the background load)%n%n",
          FAILOVERS, FAILOVER_RATE);
      System.out.println("| failovers | commands seen | p50 (ms) | p99 (ms) | max (ms) | tx/s |");
      System.out.println("|---:|---:|---:|---:|---:|---:|");
      System.out.printf(
          "| %d | %d | %s | %s | %s | %.0f |%n",
          FAILOVERS,
          latencies.size(),
          millis(percentile(latencies, 50)),
          millis(percentile(latencies, 99)),
          millis(latencies.isEmpty() ? null : latencies.get(latencies.size() - 1)),
          txPerSecond);

      takeover(deciders);
    } finally {
      watching.set(false);
      watcher.join(10_000);
      for (KafkaStreams decider : deciders) {
        decider.close(Duration.ofSeconds(30));
      }
    }
  }

  /**
   * The second instance stops without leaving the group, as a killed pod; failovers go on. Prints
   * when the first command on each of its partitions came from the survivor, and the latency of the
   * failovers tipped meanwhile.
   */
  private void takeover(List<KafkaStreams> deciders) throws Exception {
    KafkaStreams killed = deciders.get(1);
    Set<Integer> partitions = new TreeSet<>();
    killed
        .metadataForLocalThreads()
        .forEach(
            thread ->
                thread
                    .activeTasks()
                    .forEach(
                        task ->
                            task.topicPartitions().stream()
                                .filter(tp -> tp.topic().equals(Topics.OBSERVATIONS))
                                .forEach(tp -> partitions.add(tp.partition()))));
    firstCommandOn.clear();
    long kill = System.nanoTime();
    watchFrom = kill;
    killed.close(new KafkaStreams.CloseOptions().leaveGroup(false).timeout(Duration.ZERO));
    deciders.remove(1);
    List<Long> latencies = failovers(Math.max(FAILOVER_RATE * 20, 200));
    System.out.printf(
        "%n## Takeover: one of two instances stops without leaving the group (session timeout"
            + " 3 s, as application.properties), standby replicas 1%n%n");
    System.out.println("| partition of the stopped instance | first command after the stop (s) |");
    System.out.println("|---:|---:|");
    for (int partition : partitions) {
      Long first = firstCommandOn.get(partition);
      System.out.printf(
          "| %d | %s |%n",
          partition, first == null ? "-" : String.format("%.1f", (first - kill) / 1e9));
    }
    System.out.printf(
        "%nfailovers tipped meanwhile: %d seen, p50 %s ms, max %s ms%n",
        latencies.size(),
        millis(percentile(latencies, 50)),
        millis(latencies.isEmpty() ? null : latencies.get(latencies.size() - 1)));
  }

  private List<double[]> bursts(List<KafkaStreams> deciders) throws InterruptedException {
    List<double[]> bursts = new ArrayList<>();
    for (int burst = 0; burst < BURSTS; burst++) {
      bursts.add(burst(deciders));
      // Back to the probe rate between bursts, for rise=3 rounds: if a burst fell more than
      // stale-after behind, the verdicts are UP again before the next one, which starts clean.
      probeRounds(3, 0, 0);
      awaitProcessed(deciders, Duration.ofSeconds(60));
    }
    return bursts;
  }

  /**
   * Sends {@link #BURST_ROUNDS} rounds of every service back to back and times them until
   * processed. Returns {observations, send seconds, processed seconds, state events, decider CPU
   * seconds}.
   */
  private double[] burst(List<KafkaStreams> deciders) throws InterruptedException {
    long before = sent;
    int changesBefore = stateChanges.get();
    long cpuBefore = deciderCpuNanos();
    long start = System.nanoTime();
    for (int round = 0; round < BURST_ROUNDS; round++) {
      for (int i = 0; i < SERVICES; i++) {
        probe(background(i), false, false);
      }
    }
    producer.flush();
    long flushed = System.nanoTime();
    awaitProcessed(deciders, Duration.ofSeconds(120));
    long done = System.nanoTime();
    return new double[] {
      sent - before,
      (flushed - start) / 1e9,
      (done - start) / 1e9,
      stateChanges.get() - changesBefore,
      (deciderCpuNanos() - cpuBefore) / 1e9
    };
  }

  /**
   * The CPU time of the deciders' threads (stream threads, their producers' network threads): what
   * an input costs the decider, steadier than the wall-clock rate on a machine that is busy with
   * other work (the broker and the bench's producer run in this JVM too, and are left out).
   */
  private static long deciderCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().contains("failover-decider-bench-")) {
        total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return total;
  }

  /**
   * {@code count} failovers, {@link #FAILOVER_RATE} a second, under the background probes: each
   * failing service is probed once a second like the others, UP 3 rounds, then DOWN on 2 of its 3
   * probers; the 3rd DOWN of the 2nd prober tips it. Returns the sorted latencies (nanos).
   */
  private List<Long> failovers(int count) throws InterruptedException {
    tippedAt.clear();
    commandAt.clear();
    failoverCommands.clear();
    int first = failingServices;
    failingServices += count;
    int seconds = (count + FAILOVER_RATE - 1) / FAILOVER_RATE;
    // A failing service lives 6 rounds (3 UP, 3 DOWN); the last ones start in round `seconds`.
    probeRounds(seconds + 7, first, count);
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () ->
                  commandAt.keySet().stream().filter(tippedAt::containsKey).count()
                      >= tippedAt.size());
    } catch (ConditionTimeoutException e) {
      // The failovers without a command are left out of the latencies, and counted as missing.
    }
    List<Long> latencies = new ArrayList<>();
    tippedAt.forEach(
        (service, tipped) -> {
          Long command = commandAt.get(service);
          if (command != null) {
            latencies.add(command - tipped);
          }
        });
    latencies.sort(Comparator.naturalOrder());
    return latencies;
  }

  /**
   * Probes every background service {@code rounds} times, each at its slot within the probe
   * interval; failing services {@code first..first+count} start {@link #FAILOVER_RATE} a second,
   * each in its own slot.
   */
  private void probeRounds(int rounds, int first, int count) throws InterruptedException {
    long slotNanos = PROBE_INTERVAL.toNanos() / SLOTS;
    long start = System.nanoTime();
    for (int tick = 0; tick < rounds * SLOTS; tick++) {
      int round = tick / SLOTS;
      int slot = tick % SLOTS;
      for (int i = slot; i < SERVICES; i += SLOTS) {
        probe(background(i), false, false);
      }
      // Failing service k starts in round k / rate, at slot k % SLOTS; it is in its round
      // (round - started) of 6.
      for (int k = 0; k < count; k++) {
        int started = k / FAILOVER_RATE;
        int age = round - started;
        if (k % SLOTS == slot && age >= 0 && age < 6) {
          probe(failing(first + k), age >= 3, age == 5);
        }
      }
      long sleep = start + (tick + 1) * slotNanos - System.nanoTime();
      if (sleep > 0) {
        // The load's own pacing, to the slot (nanoseconds): not a wait for anything to happen.
        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
      }
    }
    producer.flush();
  }

  private static String background(int i) {
    return String.format("bench/svc-%04d", i);
  }

  private static String failing(int i) {
    return String.format("bench/fail-%05d", i);
  }

  /** One round of one service: each prober on each cluster, as probers send them. */
  private void probe(String service, boolean desktopDown, boolean tips) {
    Instant now = Instant.now();
    for (int p = 0; p < PROBERS.size(); p++) {
      for (Cluster cluster : Cluster.values()) {
        boolean down = desktopDown && cluster == Cluster.DESKTOP && p < 2;
        Event<Observation> event =
            Event.of(
                "/health-prober/" + PROBERS.get(p),
                new Observation(
                    service,
                    cluster,
                    Check.HTTP,
                    PROBERS.get(p),
                    down ? Outcome.DOWN : Outcome.UP,
                    5,
                    null,
                    null,
                    now));
        // The 2nd prober's 3rd DOWN: with fall 3 and quorum 2 of 3 this one tips the desktop.
        if (down && p == 1 && tips) {
          tippedAt.put(service, System.nanoTime());
        }
        producer.send(new ProducerRecord<>(Topics.OBSERVATIONS, RecordKeys.keyFor(event), event));
        sent++;
      }
    }
  }

  private KafkaStreams startDecider(
      String name, int commitMs, int fetchWaitMs, int pollMs, int standbys)
      throws InterruptedException {
    // The settings of the production tests: 3 probers (quorum 2), fall 3, defaults otherwise.
    Decider decider =
        new Decider(
            DeciderSettingsSet.fromProperties(Map.of("hybrid.decider.expected-probers", "3")));
    Properties props = new Properties();
    // As application.properties configures the service, with the settings under test.
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "failover-decider-bench-" + name);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitMs);
    props.put(StreamsConfig.POLL_MS_CONFIG, pollMs);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(name + "-" + appRun++).toString());
    props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbys);
    props.put(
        StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.getInteger("bench.streamThreads", 3));
    // The second instance joins a running one: share the tasks at once (it restores them) rather
    // than after warm-up replicas caught up (the default waits for a probing rebalance).
    props.put(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG, Long.MAX_VALUE);
    // A fresh decider of the bench starts at the end of the inputs, not at the earlier runs'.
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "latest");
    props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), fetchWaitMs);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6_000);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1_500);
    KafkaStreams streams =
        new KafkaStreams(
            DeciderTopology.build(
                decider, state -> stateChanges.incrementAndGet(), "/failover-decider/bench"),
            props);
    streams.start();
    await()
        .alias("the decider started")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> streams.state() == KafkaStreams.State.RUNNING);
    return streams;
  }

  /**
   * Waits until the stream threads have processed every observation sent since {@link
   * #processedBase} (the sum of their {@code process-total}: an instance that joins later counts
   * from 0, but the tasks it takes over were counted by the one that had them).
   */
  private void awaitProcessed(List<KafkaStreams> deciders, Duration timeout)
      throws InterruptedException {
    double target = sent - processedBase;
    // The metric objects are live: found once, read cheaply. Building KafkaStreams.metrics() every
    // few milliseconds cost the measured decider about a tenth of its CPU (JFR).
    List<Metric> processed = threadMetrics(deciders, "process-total");
    try {
      // In the measuring thread, polled often: the burst's duration ends when this returns.
      await()
          .atMost(timeout)
          .pollInSameThread()
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(5))
          .until(() -> sum(processed) >= target);
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException("processed " + sum(processed) + " of " + target);
    }
  }

  private static double threadMetric(List<KafkaStreams> deciders, String name) {
    return sum(threadMetrics(deciders, name));
  }

  private static List<Metric> threadMetrics(List<KafkaStreams> deciders, String name) {
    List<Metric> found = new ArrayList<>();
    for (KafkaStreams streams : deciders) {
      for (Map.Entry<MetricName, ? extends Metric> metric : streams.metrics().entrySet()) {
        if (metric.getKey().name().equals(name)
            && metric.getKey().group().equals("stream-thread-metrics")) {
          found.add(metric.getValue());
        }
      }
    }
    return found;
  }

  private static double sum(List<Metric> metrics) {
    double total = 0;
    for (Metric metric : metrics) {
      total += ((Number) metric.metricValue()).doubleValue();
    }
    return total;
  }

  /** Failover commands beyond the one each tipped service of the phase should get. */
  private int duplicates() {
    return failoverCommands.values().stream().mapToInt(n -> n - 1).sum();
  }

  /** As an actuator reads commands: committed ones only, from the end. */
  private void watchCommands(AtomicBoolean watching) {
    try (KafkaConsumer<String, Event<?>> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                watcherFetchWaitMs),
            new StringDeserializer(),
            new EventDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.COMMANDS).stream()
              .map(info -> new TopicPartition(info.topic(), info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      while (watching.get()) {
        for (ConsumerRecord<String, Event<?>> record : consumer.poll(Duration.ofMillis(50))) {
          long now = System.nanoTime();
          Command command = (Command) record.value().data();
          if (command.mode() == Mode.FAILED_OVER && tippedAt.containsKey(command.service())) {
            commandAt.putIfAbsent(command.service(), now);
            failoverCommands.merge(command.service(), 1, Integer::sum);
          }
          Long previous = lastEpoch.put(command.service(), command.epoch());
          if (previous != null && command.epoch() <= previous) {
            epochsNotIncreasing.incrementAndGet();
          }
          if (now > watchFrom) {
            firstCommandOn.putIfAbsent(record.partition(), now);
          }
        }
      }
    }
  }

  private void reportThroughput(String title, List<double[]> bursts) {
    System.out.printf(
        "%n## Throughput, %s: bursts of %d rounds x %d services x %d probers x 2 clusters%n%n",
        title, BURST_ROUNDS, SERVICES, PROBERS.size());
    // State events during a burst mean it fell more than stale-after (5 s) behind: votes expired.
    System.out.println(
        "| burst | observations | sent in (s) | processed in (s) | observations/s | state events"
            + " | decider CPU per observation (µs) |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    for (int i = 0; i < bursts.size(); i++) {
      double[] b = bursts.get(i);
      System.out.printf(
          "| %d%s | %.0f | %.2f | %.2f | %.0f | %.0f | %.0f |%n",
          i + 1,
          i == 0 ? " (warm-up)" : "",
          b[0],
          b[1],
          b[2],
          b[0] / b[2],
          b[3],
          b[4] / b[0] * 1e6);
    }
    // The median of the warm bursts: one short burst is easily slowed by anything else running.
    List<Double> warm = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    bursts.subList(1, bursts.size()).forEach(b -> warm.add(b[0] / b[2]));
    bursts.subList(1, bursts.size()).forEach(b -> cpu.add(b[4] / b[0] * 1e6));
    warm.sort(Comparator.naturalOrder());
    cpu.sort(Comparator.naturalOrder());
    System.out.printf(
        "| median of bursts 2-%d | | | | **%.0f** | | %.0f |%n",
        bursts.size(), warm.get(warm.size() / 2), cpu.get(cpu.size() / 2));
  }

  /** Nearest rank. */
  private static Long percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return null;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  private static String millis(Long nanos) {
    return nanos == null ? "-" : String.format("%.0f", nanos / 1e6);
  }

  /**
   * The broker and Kafka Streams log every partition and rebalance at INFO: keep the table
   * readable.
   */
  private static void quietLogging() {
    for (String name : List.of("", "org.apache.kafka", "kafka", "org.apache.zookeeper")) {
      Logger logger = Logger.getLogger(name);
      logger.setLevel(Level.WARNING);
      QUIET.add(logger);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
