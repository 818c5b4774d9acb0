package io.hybridfailover.cli.live;

import io.hybridfailover.events.Event;
import io.hybridfailover.events.kafka.EventSerializer;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka clients of the live commands. Consumers have no group: they are assigned partitions and
 * seek, so an operator needs no group ACL and leaves no group behind; they read committed records
 * only, as the decider's outputs are transactional. The producer uses the settings every producer
 * of the contract uses (string keys, {@link EventSerializer}, {@code acks=all}, idempotence).
 */
final class ContractClients {

  /** How long one request to Kafka may take before the command gives up and says so. */
  static final Duration API_TIMEOUT = Duration.ofSeconds(15);

  private ContractClients() {}

  static KafkaConsumer<String, byte[]> consumer(Properties client) {
    Properties properties = new Properties();
    properties.putAll(client);
    properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    properties.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "hybrid-cli");
    properties.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    properties.putIfAbsent(
        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(API_TIMEOUT.toMillis()));
    return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
  }

  static KafkaProducer<String, Event<?>> producer(Properties client) {
    Properties properties = new Properties();
    properties.putAll(client);
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    properties.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "hybrid-cli");
    properties.putIfAbsent(
        ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(API_TIMEOUT.toMillis()));
    properties.putIfAbsent(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(API_TIMEOUT.toMillis()));
    properties.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    return new KafkaProducer<>(properties, new StringSerializer(), new EventSerializer());
  }

  /** Sends the event to its contract topic under its contract key and waits for the broker. */
  static RecordMetadata send(Properties client, Event<?> event) {
    try (KafkaProducer<String, Event<?>> producer = producer(client)) {
      return producer
          .send(new ProducerRecord<>(event.topic(), event.key(), event))
          .get(API_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw LiveCommandException.kafka("interrupted while sending to " + event.topic());
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw LiveCommandException.kafka(
          "could not write to "
              + event.topic()
              + " at "
              + client.getProperty("bootstrap.servers")
              + ": "
              + cause);
    }
  }
}
