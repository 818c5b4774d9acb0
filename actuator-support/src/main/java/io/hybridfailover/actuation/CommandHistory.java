package io.hybridfailover.actuation;

import io.hybridfailover.events.Command;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What was asked for before a restart: reads the commands topic from its beginning to its end as
 * they are now, and offers every command to a {@link NewestCommands}, so that the drift cycle
 * applies one whose write gave up before the restart (its offset is committed with a FAILED result,
 * so the intake never sees it again).
 *
 * <p>The commands topic, not the compacted state topic: a command carries its id (which the object
 * is stamped with) and its dry-run flag, and the decider's state advances in dry run as if applied.
 * Commands are few and kept 30 days, so the read is short. No consumer group: nothing is committed.
 */
public final class CommandHistory {

  private static final Duration POLL = Duration.ofMillis(200);

  private CommandHistory() {}

  /**
   * @param kafka the client settings of the service (bootstrap servers, security); consumer
   *     settings are taken from it, the rest is ignored
   * @return how many commands were read
   * @throws IllegalStateException if the end of the topic is not reached within {@code timeout}
   */
  public static int recover(Map<String, Object> kafka, NewestCommands into, Duration timeout) {
    EventCodec codec = new EventCodec();
    int read = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            consumerSettings(kafka), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.COMMANDS, timeout).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              Topics.COMMANDS + " not read to its end within " + timeout + " (" + read + " read)");
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          try {
            into.offer(codec.decode(record.value(), Command.class).data());
            read++;
          } catch (RuntimeException invalid) {
            // The intake dead-lettered it when it arrived; it asks for nothing.
          }
        }
      }
    }
    return read;
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  private static Map<String, Object> consumerSettings(Map<String, Object> kafka) {
    Map<String, Object> settings = new HashMap<>();
    kafka.forEach(
        (key, value) -> {
          if (ConsumerConfig.configNames().contains(key)) {
            settings.put(key, value);
          }
        });
    settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // As the intake: only commands of committed decider transactions are desired states.
    settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    settings.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "command-history");
    return settings;
  }
}
