package io.hybridfailover.cli.postmortem;

import io.hybridfailover.events.TopicSpec;
import io.hybridfailover.events.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Exports the records of the six contract topics whose timestamps fall in {@code [from, to)}, as
 * one line per record value, byte for byte, merged across partitions by record timestamp (the order
 * in which a Kafka Streams task such as the decider's consumes them; ties by contract topic order,
 * partition, offset). Within a partition the offset order always stays.
 *
 * <p>Committed records only ({@code read_committed}). Partitions are assigned, not subscribed: no
 * consumer group, no committed offsets, so the Kafka user needs only Describe and Read on the
 * topics. Where to start and stop is asked of the broker's time index ({@code offsetsForTimes});
 * records are streamed: each partition holds at most a bounded buffer, paused when it is full.
 */
public final class Export {

  /** How many records a partition may buffer before its fetching is paused. */
  private static final int PAUSE_AT = 5_000;

  private static final int RESUME_AT = 1_000;

  /** How long the broker may send nothing before the export gives up. */
  private static final Duration STALL = Duration.ofSeconds(60);

  /**
   * What to export.
   *
   * @param client Kafka client properties (bootstrap.servers, TLS, SASL)
   * @param from inclusive
   * @param to exclusive
   * @param services service ids to keep (records about {@code *} are kept too); empty keeps all
   */
  public record Request(Properties client, Instant from, Instant to, Set<String> services) {}

  /** Told every so often, and at the end: how many records were written, up to what time. */
  public interface Progress {
    void exported(long records, long bytes, Instant upTo);
  }

  /** How much was exported. */
  public record Counts(long records, long bytes, long skipped, int partitions) {}

  private record Head(ConsumerRecord<byte[], byte[]> record, int topicOrder) {}

  private Export() {}

  public static Counts run(Request request, OutputStream out, Progress progress)
      throws IOException {
    Properties props = new Properties();
    props.putAll(request.client());
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "hybrid-export");
    props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    // Bounded memory: at most 16 MB per fetch (the default is 50 MB).
    props.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(16 << 20));
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      return new Run(consumer, request, out, progress).export();
    }
  }

  /** One export: per partition its end offset and a buffer, and the merge across them. */
  private static final class Run {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Request request;
    private final OutputStream out;
    private final Progress progress;
    private final Map<TopicPartition, Long> ends = new HashMap<>();
    private final Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> buffers =
        new HashMap<>();
    private final Map<String, Integer> topicOrder = new HashMap<>();
    private final List<TopicPartition> paused = new ArrayList<>();
    private long records;
    private long bytes;
    private long skipped;

    Run(
        KafkaConsumer<byte[], byte[]> consumer,
        Request request,
        OutputStream out,
        Progress progress) {
      this.consumer = consumer;
      this.request = request;
      this.out = out;
      this.progress = progress;
    }

    Counts export() throws IOException {
      List<TopicPartition> partitions = partitions();
      int total = partitions.size();
      Map<TopicPartition, Long> starts = new HashMap<>();
      Map<TopicPartition, Long> fromIndex = offsetsFor(partitions, request.from());
      Map<TopicPartition, Long> toIndex = offsetsFor(partitions, request.to());
      // read_committed: the end offsets are the last stable offsets, beyond which nothing is
      // committed yet.
      Map<TopicPartition, Long> stable = consumer.endOffsets(partitions);
      for (TopicPartition partition : partitions) {
        long end = Math.min(toIndex.getOrDefault(partition, Long.MAX_VALUE), stable.get(partition));
        Long start = fromIndex.get(partition);
        if (start != null && start < end) {
          starts.put(partition, start);
          ends.put(partition, end);
          buffers.put(partition, new ArrayDeque<>());
        }
      }
      consumer.assign(List.copyOf(starts.keySet()));
      starts.forEach(consumer::seek);
      PriorityQueue<Head> heads =
          new PriorityQueue<>(
              Comparator.<Head>comparingLong(h -> h.record().timestamp())
                  .thenComparingInt(Head::topicOrder)
                  .thenComparingInt(h -> h.record().partition())
                  .thenComparingLong(h -> h.record().offset()));
      long lastProgress = System.nanoTime();
      long lastData = System.nanoTime();
      Instant upTo = request.from();
      while (!ends.isEmpty() || !heads.isEmpty()) {
        // Every partition still reading must have a record at hand before the smallest is known.
        boolean waiting = ends.keySet().stream().anyMatch(p -> buffers.get(p).isEmpty());
        if (waiting) {
          ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(200));
          if (!polled.isEmpty()) {
            lastData = System.nanoTime();
          }
          for (TopicPartition partition : polled.partitions()) {
            ArrayDeque<ConsumerRecord<byte[], byte[]>> buffer = buffers.get(partition);
            for (ConsumerRecord<byte[], byte[]> record : polled.records(partition)) {
              if (ends.containsKey(partition) && record.offset() < ends.get(partition)) {
                boolean wasEmpty = buffer.isEmpty();
                buffer.add(record);
                if (wasEmpty) {
                  heads.add(new Head(record, order(partition)));
                }
              }
            }
          }
          finishAndThrottle();
          if (System.nanoTime() - lastData > STALL.toNanos()) {
            throw new IOException(
                "the broker sent nothing for "
                    + STALL.toSeconds()
                    + " s while partitions "
                    + ends.keySet()
                    + " were still to be read");
          }
          continue;
        }
        Head head = heads.poll();
        TopicPartition partition =
            new TopicPartition(head.record().topic(), head.record().partition());
        ArrayDeque<ConsumerRecord<byte[], byte[]>> buffer = buffers.get(partition);
        buffer.poll();
        if (!buffer.isEmpty()) {
          heads.add(new Head(buffer.peek(), head.topicOrder()));
        }
        write(head.record());
        upTo = Instant.ofEpochMilli(head.record().timestamp());
        if (System.nanoTime() - lastProgress > 2_000_000_000L) {
          progress.exported(records, bytes, upTo);
          lastProgress = System.nanoTime();
        }
      }
      out.flush();
      progress.exported(records, bytes, upTo);
      return new Counts(records, bytes, skipped, total);
    }

    /**
     * Partitions read to their end stop; full buffers pause their partition, drained ones resume.
     */
    private void finishAndThrottle() {
      for (TopicPartition partition : List.copyOf(ends.keySet())) {
        if (consumer.position(partition) >= ends.get(partition)) {
          ends.remove(partition);
          consumer.pause(List.of(partition));
        }
      }
      for (TopicPartition partition : List.copyOf(paused)) {
        if (buffers.get(partition).size() <= RESUME_AT && ends.containsKey(partition)) {
          consumer.resume(List.of(partition));
          paused.remove(partition);
        }
      }
      for (TopicPartition partition : ends.keySet()) {
        if (buffers.get(partition).size() >= PAUSE_AT && !paused.contains(partition)) {
          consumer.pause(List.of(partition));
          paused.add(partition);
        }
      }
    }

    private void write(ConsumerRecord<byte[], byte[]> record) throws IOException {
      byte[] value = record.value();
      long time = record.timestamp();
      // Offsets come from the time index; a record stamped out of order near an edge is cut here.
      if (value == null
          || time < request.from().toEpochMilli()
          || time >= request.to().toEpochMilli()
          || !wanted(record)) {
        skipped++;
        return;
      }
      out.write(value);
      out.write('\n');
      records++;
      bytes += value.length + 1;
    }

    /**
     * The record key starts with the service id ({@code <service>} or {@code <service>@<cluster>}).
     */
    private boolean wanted(ConsumerRecord<byte[], byte[]> record) {
      if (request.services().isEmpty() || record.key() == null) {
        return true;
      }
      String key = new String(record.key(), StandardCharsets.UTF_8);
      int at = key.lastIndexOf('@');
      String service = at < 0 ? key : key.substring(0, at);
      return service.equals("*") || request.services().contains(service);
    }

    private List<TopicPartition> partitions() {
      List<TopicPartition> partitions = new ArrayList<>();
      int order = 0;
      for (TopicSpec topic : Topics.contractTopics()) {
        topicOrder.put(topic.name(), order++);
        List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30));
        if (infos == null) {
          continue;
        }
        for (PartitionInfo info : infos) {
          partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
      }
      return partitions;
    }

    private int order(TopicPartition partition) {
      return topicOrder.getOrDefault(partition.topic(), Integer.MAX_VALUE);
    }

    /** The first offset at or after {@code time} per partition (absent: none). */
    private Map<TopicPartition, Long> offsetsFor(List<TopicPartition> partitions, Instant time) {
      Map<TopicPartition, Long> query = new HashMap<>();
      partitions.forEach(p -> query.put(p, time.toEpochMilli()));
      Map<TopicPartition, Long> offsets = new HashMap<>();
      consumer
          .offsetsForTimes(query, Duration.ofSeconds(30))
          .forEach(
              (partition, found) -> {
                if (found != null) {
                  offsets.put(partition, found.offset());
                }
              });
      return offsets;
    }
  }
}
