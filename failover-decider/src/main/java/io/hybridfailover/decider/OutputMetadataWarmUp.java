package io.hybridfailover.decider;

import io.hybridfailover.events.Topics;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.jboss.logging.Logger;

/**
 * Kafka Streams' clients, made as its default supplier makes them (the Kafka Streams extension uses
 * this bean to create them), with one addition: each producer looks up the partitions of the topics
 * the decider publishes to as soon as it exists, in the background. A producer otherwise fetches a
 * topic's metadata on its first send there, and the stream thread waits for it: the first failover
 * command waited ~12 ms for the commands topic's (JFR, outage drill). The producers keep it ({@code
 * metadata.max.idle.ms} in application.properties).
 */
@Singleton
class OutputMetadataWarmUp implements KafkaClientSupplier {

  private static final Logger LOG = Logger.getLogger(OutputMetadataWarmUp.class);

  static final List<String> OUTPUTS = List.of(Topics.COMMANDS, Topics.TRANSITIONS, Topics.STATE);

  @Override
  public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
    Producer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    Thread thread =
        new Thread(
            () -> lookUp(producer), config.get(ProducerConfig.CLIENT_ID_CONFIG) + "-metadata");
    thread.setDaemon(true);
    thread.start();
    return producer;
  }

  /**
   * Blocks until each output's metadata is known: a broker that does not answer yet is waited for
   * ({@code max.block.ms} at a time); a producer closed meanwhile, or any other error, ends it (the
   * first send looks the topic up instead).
   */
  static void lookUp(Producer<byte[], byte[]> producer) {
    for (String topic : OUTPUTS) {
      while (true) {
        try {
          producer.partitionsFor(topic);
          break;
        } catch (TimeoutException e) {
          LOG.debugf("metadata of %s: no answer yet, asking again", topic);
        } catch (RuntimeException e) {
          LOG.debugf("metadata of %s not looked up ahead: %s", topic, e);
          return;
        }
      }
    }
  }

  @Override
  public Admin getAdmin(Map<String, Object> config) {
    return Admin.create(config);
  }

  @Override
  public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
    return consumer(config);
  }

  @Override
  public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
    return consumer(config);
  }

  @Override
  public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
    return consumer(config);
  }

  private static Consumer<byte[], byte[]> consumer(Map<String, Object> config) {
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
