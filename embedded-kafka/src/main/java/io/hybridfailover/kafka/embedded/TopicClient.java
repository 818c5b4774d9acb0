package io.hybridfailover.kafka.embedded;

import io.hybridfailover.events.Event;
import io.hybridfailover.events.RecordKeys;
import io.hybridfailover.events.kafka.EventSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plain Kafka clients for tests and drills that play the part of another component: write a
 * contract event (or raw bytes) the way a peer would, and wait for the record a service should
 * produce. Reads always start from the beginning of the topic in a fresh consumer group.
 */
public final class TopicClient implements AutoCloseable {

  private final String bootstrapServers;
  private final KafkaProducer<String, byte[]> producer;
  private final EventSerializer eventSerializer = new EventSerializer();

  public TopicClient(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  /** Sends an event to its contract topic with its contract key, and waits for the ack. */
  public void send(Event<?> event) {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(event.type().topic(), RecordKeys.keyFor(event), null);
    byte[] value = eventSerializer.serialize(record.topic(), record.headers(), event);
    send(new ProducerRecord<>(record.topic(), null, record.key(), value, record.headers()));
  }

  /** Sends raw bytes, e.g. a malformed record, and waits for the ack. */
  public void sendRaw(String topic, String key, byte[] value) {
    send(new ProducerRecord<>(topic, key, value));
  }

  /** Sends a UTF-8 string as the record value, and waits for the ack. */
  public void sendRaw(String topic, String key, String value) {
    sendRaw(topic, key, value.getBytes(StandardCharsets.UTF_8));
  }

  private void send(ProducerRecord<String, byte[]> record) {
    try {
      producer.send(record).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending to " + record.topic(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not send to " + record.topic() + ": " + e, e);
    }
  }

  /**
   * Reads the topics from their beginning until a record matches, or the timeout passes.
   *
   * @return the first matching record, or empty after {@code timeout}
   */
  public <V> Optional<ConsumerRecord<String, V>> awaitRecord(
      Collection<String> topics,
      Deserializer<V> values,
      Predicate<ConsumerRecord<String, V>> match,
      Duration timeout) {
    List<ConsumerRecord<String, V>> read =
        readUntil(
            topics, values, all -> !all.isEmpty() && match.test(all.get(all.size() - 1)), timeout);
    return read.isEmpty() || !match.test(read.get(read.size() - 1))
        ? Optional.empty()
        : Optional.of(read.get(read.size() - 1));
  }

  /**
   * Reads the topics from their beginning, in arrival order, until {@code done} holds for what was
   * read so far (checked after every record) or the timeout passes.
   *
   * @return every record read
   */
  public <V> List<ConsumerRecord<String, V>> readUntil(
      Collection<String> topics,
      Deserializer<V> values,
      Predicate<List<ConsumerRecord<String, V>>> done,
      Duration timeout) {
    List<ConsumerRecord<String, V>> read = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "topic-client-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            values)) {
      consumer.subscribe(topics);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(100))) {
          read.add(record);
          if (done.test(read)) {
            return read;
          }
        }
      }
    }
    return read;
  }

  @Override
  public void close() {
    producer.close();
  }
}
