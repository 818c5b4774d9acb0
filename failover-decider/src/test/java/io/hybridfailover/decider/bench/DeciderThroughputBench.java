package io.hybridfailover.decider.bench;

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
import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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

/**
 * The decider service end to end: an embedded broker (loopback only) and the production topology on
 * Kafka Streams (exactly-once v2, commit every 100 ms), fed by simulated probers. Prints
 *
 * <ol>
 *   <li><b>throughput</b>: a burst of observations (every service, every prober, both clusters,
 *       round after round with no pause) is sent as fast as the producer goes; the time from the
 *       first send until the stream thread has processed every one of them;
 *   <li><b>latency</b>: while all services are probed once a second, services fail one after the
 *       other as seen by 2 of their 3 probers; the time from sending the observation that tips the
 *       desktop to DOWN (the 3rd DOWN of the 2nd prober: fall 3, quorum 2 of 3) until the failover
 *       command can be read (read_committed, as an actuator reads) from the commands topic.
 * </ol>
 *
 * <p>Run it with the commands in the README ("Benchmarks"); {@code -Dbench.services}, {@code
 * -Dbench.failovers} and {@code -Dbench.burstRounds} change the sizes. It stops by itself, within
 * {@link #TIME_LIMIT} at most. Not a test: nothing here asserts on time.
 */
public final class DeciderThroughputBench {

  private static final int SERVICES = Integer.getInteger("bench.services", 200);
  private static final int FAILOVERS =
      Math.min(SERVICES, Integer.getInteger("bench.failovers", 200));
  private static final int BURST_ROUNDS = Integer.getInteger("bench.burstRounds", 5);
  private static final int BURSTS = 8;
  private static final int FAILOVERS_PER_ROUND = 10;
  private static final List<String> PROBERS = List.of("prober-a", "prober-b", "prober-c");

  /**
   * Each service is probed once a second, services spread evenly over the second as real probers'
   * phases are.
   */
  private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

  private static final int SLOTS = 20;
  private static final Duration TIME_LIMIT = Duration.ofSeconds(170);

  /** Strong references: java.util.logging forgets the level of a logger nobody holds. */
  private static final List<Logger> QUIET = new ArrayList<>();

  private final String[] services = new String[SERVICES];

  /** The last observedAt per service, so that no observation is taken for a late duplicate. */
  private final long[] lastObservedAt = new long[SERVICES];

  private final int[] roundsSent = new int[SERVICES];

  /** The round (of that service) from which probers a and b see its desktop DOWN; -1: never. */
  private final int[] downFrom = new int[SERVICES];

  private final Map<String, Long> tippedAt = new ConcurrentHashMap<>();
  private final Map<String, Long> commandAt = new ConcurrentHashMap<>();
  private final AtomicInteger otherCommands = new AtomicInteger();
  private final AtomicInteger stateChanges = new AtomicInteger();
  private final KafkaProducer<String, Event<?>> producer;
  private long sent;

  private DeciderThroughputBench(String bootstrap) {
    for (int i = 0; i < SERVICES; i++) {
      services[i] = String.format("bench/svc-%04d", i);
      downFrom[i] = -1;
    }
    // As a prober sends: acks=all, idempotent; no linger, so a tipping observation leaves at once.
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
                0),
            new StringSerializer(),
            new EventSerializer());
  }

  public static void main(String[] args) throws Exception {
    // Before anything logs: Quarkus's slf4j binding logs through JBoss LogManager, so this is the
    // java.util.logging that quietLogging() can turn down.
    System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
    quietLogging();
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(TIME_LIMIT.toMillis());
                System.err.println("benchmark: over " + TIME_LIMIT.toSeconds() + " s, stopping");
                Runtime.getRuntime().halt(2);
              } catch (InterruptedException e) {
                // finished in time
              }
            });
    watchdog.setDaemon(true);
    watchdog.start();

    Path stateDir = Files.createTempDirectory("decider-bench");
    long begin = System.nanoTime();
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      DeciderThroughputBench bench = new DeciderThroughputBench(kafka.bootstrapServers());
      KafkaStreams streams = bench.startDecider(kafka.bootstrapServers(), stateDir);
      AtomicBoolean watching = new AtomicBoolean(true);
      Thread watcher = new Thread(() -> bench.watchCommands(kafka.bootstrapServers(), watching));
      watcher.start();
      try {
        bench.run(streams);
      } finally {
        watching.set(false);
        watcher.join(10_000);
        bench.producer.close(Duration.ofSeconds(10));
        streams.close(Duration.ofSeconds(30));
      }
    } finally {
      deleteRecursively(stateDir);
    }
    System.out.printf("%ntotal run time %.0f s%n", (System.nanoTime() - begin) / 1e9);
    watchdog.interrupt();
    // Kafka's client and broker threads may linger a while after close: do not wait for them.
    System.exit(0);
  }

  private void run(KafkaStreams streams) throws Exception {
    System.out.printf(
        "%d services x %d probers x 2 clusters, probed every %d ms (%d observations/s sustained)%n",
        SERVICES,
        PROBERS.size(),
        PROBE_INTERVAL.toMillis(),
        SERVICES * PROBERS.size() * 2 * 1000 / PROBE_INTERVAL.toMillis());

    // Every prober must see rise=3 UPs before the verdicts are UP. A cold decider falls seconds
    // behind even this rate at first (JIT, RocksDB): give it time to catch up before the bursts.
    probeRounds(10, () -> {});
    awaitProcessed(streams, Duration.ofSeconds(30));

    List<double[]> bursts = new ArrayList<>();
    for (int burst = 0; burst < BURSTS; burst++) {
      bursts.add(burst(streams));
      // Back to the probe rate between bursts, for rise=3 rounds: if a burst fell more than
      // stale-after behind, the verdicts are UP again before the next one, which starts clean.
      probeRounds(3, () -> {});
      awaitProcessed(streams, Duration.ofSeconds(30));
    }

    // Services fail 10 per round; each one's tip is 2 rounds after its first DOWN.
    int[] started = {0};
    int latencyRounds = (FAILOVERS + FAILOVERS_PER_ROUND - 1) / FAILOVERS_PER_ROUND + 3;
    probeRounds(
        latencyRounds,
        () -> {
          for (int i = 0; i < FAILOVERS_PER_ROUND && started[0] < FAILOVERS; i++, started[0]++) {
            downFrom[started[0]] = roundsSent[started[0]];
          }
        });
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (commandAt.keySet().stream().filter(tippedAt::containsKey).count() < tippedAt.size()
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    report(bursts);
  }

  /**
   * Sends {@link #BURST_ROUNDS} rounds of every service back to back and times them until
   * processed. Returns {observations, send seconds, processed seconds, state events}.
   */
  private double[] burst(KafkaStreams streams) throws InterruptedException {
    long before = sent;
    int changesBefore = stateChanges.get();
    long start = System.nanoTime();
    for (int round = 0; round < BURST_ROUNDS; round++) {
      for (int i = 0; i < SERVICES; i++) {
        probe(i);
      }
    }
    producer.flush();
    long flushed = System.nanoTime();
    awaitProcessed(streams, Duration.ofSeconds(60));
    long done = System.nanoTime();
    return new double[] {
      sent - before,
      (flushed - start) / 1e9,
      (done - start) / 1e9,
      stateChanges.get() - changesBefore
    };
  }

  /** Probes every service {@code rounds} times, each at its slot within the probe interval. */
  private void probeRounds(int rounds, Runnable onRoundStart) throws InterruptedException {
    long slotNanos = PROBE_INTERVAL.toNanos() / SLOTS;
    long start = System.nanoTime();
    for (int tick = 0; tick < rounds * SLOTS; tick++) {
      if (tick % SLOTS == 0) {
        onRoundStart.run();
      }
      for (int i = tick % SLOTS; i < SERVICES; i += SLOTS) {
        probe(i);
      }
      long sleep = start + (tick + 1) * slotNanos - System.nanoTime();
      if (sleep > 0) {
        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
      }
    }
  }

  /** One round of one service: each prober on each cluster, as probers send them. */
  private void probe(int service) {
    long now = Math.max(System.currentTimeMillis(), lastObservedAt[service] + 1);
    lastObservedAt[service] = now;
    int round = roundsSent[service]++;
    boolean failing = downFrom[service] >= 0 && round >= downFrom[service];
    for (int p = 0; p < PROBERS.size(); p++) {
      for (Cluster cluster : Cluster.values()) {
        boolean down = failing && cluster == Cluster.DESKTOP && p < 2;
        Event<Observation> event =
            Event.of(
                "/health-prober/" + PROBERS.get(p),
                new Observation(
                    services[service],
                    cluster,
                    Check.HTTP,
                    PROBERS.get(p),
                    down ? Outcome.DOWN : Outcome.UP,
                    5,
                    null,
                    null,
                    Instant.ofEpochMilli(now)));
        // The 2nd prober's 3rd DOWN: with fall 3 and quorum 2 of 3 this one tips the desktop.
        if (down && p == 1 && round == downFrom[service] + 2) {
          tippedAt.put(services[service], System.nanoTime());
        }
        producer.send(new ProducerRecord<>(Topics.OBSERVATIONS, RecordKeys.keyFor(event), event));
        sent++;
      }
    }
  }

  private KafkaStreams startDecider(String bootstrap, Path stateDir) throws InterruptedException {
    // The settings of the production tests: 3 probers (quorum 2), fall 3, defaults otherwise.
    Decider decider =
        new Decider(
            DeciderSettingsSet.fromProperties(Map.of("hybrid.decider.expected-probers", "3")));
    Properties props = new Properties();
    // As application.properties configures the service.
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "failover-decider-bench");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 2_000);
    KafkaStreams streams =
        new KafkaStreams(
            DeciderTopology.build(
                decider, state -> stateChanges.incrementAndGet(), "/failover-decider/bench"),
            props);
    streams.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    if (streams.state() != KafkaStreams.State.RUNNING) {
      throw new IllegalStateException("the decider did not start: " + streams.state());
    }
    return streams;
  }

  /**
   * Waits until the stream thread has processed every observation sent so far. Each observation is
   * processed twice (decode and re-key, then decide), which the thread's {@code process-total}
   * counts; the committed offsets would lag by up to a commit interval and miss the second step.
   */
  private void awaitProcessed(KafkaStreams streams, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (processed(streams) < 2.0 * sent) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "processed " + processed(streams) + " of " + 2 * sent + " in " + timeout);
      }
      Thread.sleep(5);
    }
  }

  private static double processed(KafkaStreams streams) {
    double total = 0;
    for (Map.Entry<MetricName, ? extends Metric> metric : streams.metrics().entrySet()) {
      if (metric.getKey().name().equals("process-total")
          && metric.getKey().group().equals("stream-thread-metrics")) {
        total += ((Number) metric.getValue().metricValue()).doubleValue();
      }
    }
    return total;
  }

  /** As an actuator reads commands: committed ones only, from the end. */
  private void watchCommands(String bootstrap, AtomicBoolean watching) {
    try (KafkaConsumer<String, Event<?>> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
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
          } else {
            otherCommands.incrementAndGet();
          }
        }
      }
    }
  }

  private void report(List<double[]> bursts) {
    System.out.printf(
        "%n## Throughput: bursts of %d rounds x %d services x %d probers x 2 clusters%n%n",
        BURST_ROUNDS, SERVICES, PROBERS.size());
    // State events during a burst mean it fell more than stale-after (5 s) behind: votes expired.
    System.out.println(
        "| burst | observations | sent in (s) | processed in (s) | observations/s | state events |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    for (int i = 0; i < bursts.size(); i++) {
      double[] b = bursts.get(i);
      System.out.printf(
          "| %d%s | %.0f | %.2f | %.2f | %.0f | %.0f |%n",
          i + 1, i == 0 ? " (JIT warm-up)" : "", b[0], b[1], b[2], b[0] / b[2], b[3]);
    }
    // The median of the warm bursts: one short burst is easily slowed by anything else running.
    List<Double> warm = new ArrayList<>();
    bursts.subList(1, bursts.size()).forEach(b -> warm.add(b[0] / b[2]));
    warm.sort(Comparator.naturalOrder());
    System.out.printf(
        "| median of bursts 2-%d | | | | **%.0f** | |%n", bursts.size(), warm.get(warm.size() / 2));

    List<Long> latencies = new ArrayList<>();
    tippedAt.forEach(
        (service, tipped) -> {
          Long command = commandAt.get(service);
          if (command != null) {
            latencies.add(command - tipped);
          }
        });
    latencies.sort(Comparator.naturalOrder());
    System.out.printf(
        "%n## Observation-to-command latency (failover of %d services, %d per second, under the"
            + " sustained load)%n%n",
        tippedAt.size(), FAILOVERS_PER_ROUND);
    System.out.println("| failovers | commands seen | p50 (ms) | p99 (ms) | max (ms) |");
    System.out.println("|---:|---:|---:|---:|---:|");
    System.out.printf(
        "| %d | %d | %s | %s | %s |%n",
        tippedAt.size(),
        latencies.size(),
        millis(percentile(latencies, 50)),
        millis(percentile(latencies, 99)),
        millis(latencies.isEmpty() ? null : latencies.get(latencies.size() - 1)));
    System.out.printf("%ncommands other than the expected failovers: %d%n", otherCommands.get());
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
