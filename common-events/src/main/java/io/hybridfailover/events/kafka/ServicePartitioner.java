package io.hybridfailover.events.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;

/**
 * Partitions every contract record by the <em>service</em> part of its key, so that all records
 * about one service land on the same partition number of every topic: {@code shop/web@desktop} and
 * {@code shop/web@gke} (observations, transitions) go where {@code shop/web} (commands, results,
 * state, overrides) goes. A consumer that reads several topics co-partitioned (the decider) then
 * meets all of one service's inputs in one task.
 *
 * <p>The partition is Kafka's own default for a key, murmur2 of the UTF-8 bytes modulo the
 * partition count, taken of the service id alone. For the topics keyed by the service id this is
 * exactly what Kafka's default partitioner does, so a producer keyed by service that does not use
 * this class still agrees; only observation and transition producers must use it (or {@link
 * #partition(String, int)} with an explicit partition).
 *
 * <p>Configure with {@code partitioner.class=io.hybridfailover.events.kafka.ServicePartitioner}.
 */
public class ServicePartitioner implements Partitioner {

  /** Separates the service from the cluster in observation and transition keys. */
  private static final char CLUSTER_SEPARATOR = '@';

  /**
   * The partition of a record with this key among {@code partitions}.
   *
   * @throws IllegalArgumentException if the key is null (every contract record has a key)
   */
  public static int partition(String key, int partitions) {
    if (key == null) {
      throw new IllegalArgumentException("contract records have a key; this one had none");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions: must be >= 1 but was " + partitions);
    }
    byte[] service = serviceOf(key).getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(service)) % partitions;
  }

  /** The service part of a record key: all before the last {@code @}, or the whole key. */
  public static String serviceOf(String key) {
    int at = key.lastIndexOf(CLUSTER_SEPARATOR);
    return at < 0 ? key : key.substring(0, at);
  }

  @Override
  public int partition(
      String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
    String text = key instanceof String s ? s : keyText(keyBytes);
    return partition(text, cluster.partitionCountForTopic(topic));
  }

  private static String keyText(byte[] keyBytes) {
    return keyBytes == null ? null : new String(keyBytes, StandardCharsets.UTF_8);
  }

  @Override
  public void configure(Map<String, ?> configs) {}

  @Override
  public void close() {}
}
