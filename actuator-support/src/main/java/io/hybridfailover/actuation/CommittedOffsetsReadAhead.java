package io.hybridfailover.actuation;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The connector's consumer, whose {@link #committed} answers from offsets read when the partitions
 * were assigned ({@link #read}), once per partition and assignment; anything else, and a partition
 * whose read failed, goes to the broker as before. Only the commit strategy sees this consumer.
 */
final class CommittedOffsetsReadAhead<K, V> implements KafkaConsumer<K, V> {

  private static final Logger LOG = Logger.getLogger(ReconcileLoop.class);

  /** Inside a rebalance: the coordinator has just answered the join, so this is a short wait. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  /** Absent: not read. Present with an empty offset: nothing committed (a new group). */
  private final Map<TopicPartition, Optional<OffsetAndMetadata>> readAhead =
      new ConcurrentHashMap<>();

  private final KafkaConsumer<K, V> consumer;

  private CommittedOffsetsReadAhead(KafkaConsumer<K, V> consumer) {
    this.consumer = consumer;
  }

  static <K, V> CommittedOffsetsReadAhead<K, V> of(KafkaConsumer<K, V> consumer) {
    return new CommittedOffsetsReadAhead<>(consumer);
  }

  /** On the consumer's own thread (its rebalance callback): reads the partitions' offsets. */
  void read(Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          consumer.unwrap().committed(new HashSet<>(partitions), READ_TIMEOUT);
      partitions.forEach(p -> readAhead.put(p, Optional.ofNullable(committed.get(p))));
    } catch (KafkaException e) {
      // The strategy asks the broker at the partition's first record instead.
      LOG.debugf("committed offsets not read at assignment (%s): read at the first record", e);
    }
  }

  void forget(Collection<TopicPartition> partitions) {
    partitions.forEach(readAhead::remove);
  }

  @Override
  public Uni<Map<TopicPartition, OffsetAndMetadata>> committed(TopicPartition... partitions) {
    Map<TopicPartition, OffsetAndMetadata> known = new HashMap<>();
    for (TopicPartition partition : partitions) {
      Optional<OffsetAndMetadata> offset = readAhead.remove(partition);
      if (offset == null) {
        return consumer.committed(partitions);
      }
      known.put(partition, offset.orElse(null));
    }
    return Uni.createFrom().item(known);
  }

  // Everything else as the connector's consumer does it.

  @Override
  public Map<String, ?> configuration() {
    return consumer.configuration();
  }

  @Override
  public <R> Uni<R> runOnPollingThread(Function<Consumer<K, V>, R> action) {
    return consumer.runOnPollingThread(action);
  }

  @Override
  public Uni<Void> runOnPollingThread(java.util.function.Consumer<Consumer<K, V>> action) {
    return consumer.runOnPollingThread(action);
  }

  @Override
  public Uni<Set<TopicPartition>> pause() {
    return consumer.pause();
  }

  @Override
  public Uni<Set<TopicPartition>> paused() {
    return consumer.paused();
  }

  @Override
  public Uni<Void> resume() {
    return consumer.resume();
  }

  @Override
  public Consumer<K, V> unwrap() {
    return consumer.unwrap();
  }

  @Override
  public Uni<Void> commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    return consumer.commit(offsets);
  }

  @Override
  public Uni<Void> commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets) {
    return consumer.commitAsync(offsets);
  }

  @Override
  public Uni<Map<TopicPartition, Long>> getPositions() {
    return consumer.getPositions();
  }

  @Override
  public Uni<Set<TopicPartition>> getAssignments() {
    return consumer.getAssignments();
  }

  @Override
  public Uni<Void> seek(TopicPartition partition, long offset) {
    return consumer.seek(partition, offset);
  }

  @Override
  public Uni<Void> seek(TopicPartition partition, OffsetAndMetadata offset) {
    return consumer.seek(partition, offset);
  }

  @Override
  public Uni<Void> seekToBeginning(Collection<TopicPartition> partitions) {
    return consumer.seekToBeginning(partitions);
  }

  @Override
  public Uni<Void> seekToEnd(Collection<TopicPartition> partitions) {
    return consumer.seekToEnd(partitions);
  }

  @Override
  public Uni<ConsumerGroupMetadata> consumerGroupMetadata() {
    return consumer.consumerGroupMetadata();
  }

  @Override
  public Uni<Void> resetToLastCommittedPositions() {
    return consumer.resetToLastCommittedPositions();
  }

  @Override
  public Uni<Map<String, List<PartitionInfo>>> lisTopics() {
    return consumer.lisTopics();
  }

  @Override
  public Uni<Map<String, List<PartitionInfo>>> lisTopics(Duration timeout) {
    return consumer.lisTopics(timeout);
  }

  @Override
  public Uni<List<PartitionInfo>> partitionsFor(String topic) {
    return consumer.partitionsFor(topic);
  }
}
