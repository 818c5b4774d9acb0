package io.hybridfailover.cli.live;

import io.hybridfailover.events.Event;
import io.hybridfailover.events.kafka.EventSerializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka clients of the live commands. Consumers have no group: they are assigned partitions and
 * seek, so an operator needs no group ACL and leaves no group behind; they read committed records
 * only, as the decider's outputs are transactional. The producer uses the settings every producer
 * of the contract uses (string keys, {@link EventSerializer}, {@code acks=all}, idempotence), and
 * signs as the operator when given a key.
 */
final class ContractClients {

  /** How long one request to Kafka may take before the command gives up and says so. */
  static final Duration API_TIMEOUT = Duration.ofSeconds(15);

  /** The signing settings among the client settings: not for Kafka, for the serializer. */
  private static final List<String> IDENTITY_SETTINGS =
      List.of(EventSerializer.ACTOR_CONFIG, EventSerializer.KEY_FILE_CONFIG);

  private ContractClients() {}

  static KafkaConsumer<String, byte[]> consumer(Properties client) {
    Properties properties = kafkaSettings(client);
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
    Properties properties = kafkaSettings(client);
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    properties.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "hybrid-cli");
    properties.putIfAbsent(
        ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(API_TIMEOUT.toMillis()));
    properties.putIfAbsent(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(API_TIMEOUT.toMillis()));
    properties.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    return new KafkaProducer<>(properties, new StringSerializer(), serializer(client));
  }

  /**
   * The contract's serializer, signing as the operator when the client settings name a key ({@value
   * EventSerializer#KEY_FILE_CONFIG}, with {@value EventSerializer#ACTOR_CONFIG} the name the
   * override gives as {@code requestedBy}).
   *
   * @throws LiveCommandException (usage) if the key cannot be read
   */
  static EventSerializer serializer(Properties client) {
    EventSerializer serializer = new EventSerializer();
    Map<String, Object> identity = new HashMap<>();
    for (String name : IDENTITY_SETTINGS) {
      if (client.getProperty(name) != null) {
        identity.put(name, client.getProperty(name));
      }
    }
    try {
      serializer.configure(identity, false);
    } catch (ConfigException e) {
      throw LiveCommandException.usage("--key: " + e.getMessage());
    }
    return serializer;
  }

  /** The client settings without ours, which Kafka's clients would warn about. */
  private static Properties kafkaSettings(Properties client) {
    Properties properties = new Properties();
    properties.putAll(client);
    IDENTITY_SETTINGS.forEach(properties::remove);
    return properties;
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
