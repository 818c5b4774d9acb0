package io.hybridfailover.cli.live;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads contract topics by partition assignment, without a consumer group: every partition of the
 * given topics, from a chosen point (the beginning, the end, a time) to the end offsets taken when
 * asked, or followed for as long as the caller wants. Committed records only.
 */
final class TopicReader implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(100);

  private final KafkaConsumer<String, byte[]> consumer;
  private final String bootstrap;

  TopicReader(Properties client) {
    this.consumer = ContractClients.consumer(client);
    this.bootstrap = client.getProperty("bootstrap.servers");
  }

  /**
   * Assigns every partition of {@code topics} (replacing any earlier assignment).
   *
   * @throws LiveCommandException if Kafka cannot be reached or a topic does not exist
   */
  List<TopicPartition> assign(List<String> topics) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      List<PartitionInfo> infos;
      try {
        infos = consumer.partitionsFor(topic, ContractClients.API_TIMEOUT);
      } catch (KafkaException e) {
        throw unreachable("cannot describe topic " + topic, e);
      }
      if (infos == null || infos.isEmpty()) {
        throw LiveCommandException.kafka(
            "topic " + topic + " does not exist at " + bootstrap + " (or may not be described)");
      }
      infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
    }
    consumer.assign(partitions);
    return partitions;
  }

  /** The current end offsets (last stable offsets: committed records only). */
  Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions) {
    try {
      return new HashMap<>(consumer.endOffsets(partitions, ContractClients.API_TIMEOUT));
    } catch (KafkaException e) {
      throw unreachable("cannot read the end offsets", e);
    }
  }

  void seekToBeginning(List<TopicPartition> partitions) {
    consumer.seekToBeginning(partitions);
  }

  void seek(Map<TopicPartition, Long> offsets) {
    offsets.forEach(consumer::seek);
  }

  /** Seeks each partition to its first record at or after {@code time} (else to its end). */
  void seekToTime(List<TopicPartition> partitions, Instant time) {
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(partition -> query.put(partition, time.toEpochMilli()));
    Map<TopicPartition, OffsetAndTimestamp> found;
    Map<TopicPartition, Long> ends;
    try {
      found = consumer.offsetsForTimes(query, ContractClients.API_TIMEOUT);
      ends = endOffsets(partitions);
    } catch (KafkaException e) {
      throw unreachable("cannot look up offsets by time", e);
    }
    for (TopicPartition partition : partitions) {
      OffsetAndTimestamp offset = found.get(partition);
      consumer.seek(partition, offset == null ? ends.get(partition) : offset.offset());
    }
  }

  /**
   * Hands every record from the current positions up to {@code ends} to {@code sink}.
   *
   * @throws LiveCommandException if that takes longer than {@code timeout}
   */
  void readTo(
      Map<TopicPartition, Long> ends,
      Consumer<ConsumerRecord<String, byte[]>> sink,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!reached(ends)) {
      if (System.nanoTime() > deadline) {
        throw LiveCommandException.kafka(
            "could not read " + ends.keySet() + " to its end within " + timeout.toSeconds() + " s");
      }
      poll(sink);
    }
  }

  /** One poll: hands what arrived to {@code sink}. */
  void poll(Consumer<ConsumerRecord<String, byte[]>> sink) {
    try {
      consumer.poll(POLL).forEach(sink);
    } catch (KafkaException e) {
      throw unreachable("cannot read", e);
    }
  }

  private boolean reached(Map<TopicPartition, Long> ends) {
    try {
      for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
        if (consumer.position(end.getKey(), ContractClients.API_TIMEOUT) < end.getValue()) {
          return false;
        }
      }
      return true;
    } catch (KafkaException e) {
      throw unreachable("cannot read the positions", e);
    }
  }

  private LiveCommandException unreachable(String what, KafkaException e) {
    return LiveCommandException.kafka(what + " at " + bootstrap + ": " + e.getMessage());
  }

  @Override
  public void close() {
    consumer.close();
  }
}
