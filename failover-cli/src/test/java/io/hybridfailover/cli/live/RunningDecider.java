package io.hybridfailover.cli.live;

import io.hybridfailover.decider.core.Decider;
import io.hybridfailover.decider.core.DeciderSettingsSet;
import io.hybridfailover.decider.core.Decision;
import io.hybridfailover.decider.core.Fleet;
import io.hybridfailover.decider.core.InMemoryStore;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.EventData;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.kafka.EventSerializer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A running decider for the live commands' tests: the decision core for every service ({@link
 * Fleet}, exactly as the failover-decider's Kafka Streams processor runs it) on plain Kafka
 * clients, reading observations, overrides and results from the moment it starts and publishing
 * transitions, commands and states, with a tick every 250 ms. (The failover-decider module itself
 * depends on this one, so its topology cannot be used here.)
 */
final class RunningDecider implements AutoCloseable {

  private static final Duration TICK = Duration.ofMillis(250);

  private final Properties client;
  private final Fleet fleet;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  private final KafkaProducer<String, Event<?>> producer;

  RunningDecider(String bootstrap, Map<String, String> settings) throws InterruptedException {
    client = new Properties();
    client.put("bootstrap.servers", bootstrap);
    fleet =
        new Fleet(new Decider(DeciderSettingsSet.fromProperties(settings)), new InMemoryStore());
    Properties producerProps = new Properties();
    producerProps.putAll(client);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producer = new KafkaProducer<>(producerProps, new StringSerializer(), new EventSerializer());
    TopicReader reader = new TopicReader(client);
    List<TopicPartition> partitions =
        reader.assign(List.of(Topics.OBSERVATIONS, Topics.OVERRIDES, Topics.RESULTS));
    reader.seek(reader.endOffsets(partitions));
    reader.poll(record -> {}); // positions fixed before anyone sends
    thread = new Thread(() -> run(reader), "running-decider");
    thread.setDaemon(true);
    thread.start();
  }

  private void run(TopicReader reader) {
    EventCodec codec = new EventCodec();
    Instant lastTick = Instant.now();
    try (reader) {
      while (running.get()) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        reader.poll(records::add);
        for (ConsumerRecord<String, byte[]> record : records) {
          publish(fleet.onEvent(codec.decode(record.value()), Instant.now()));
        }
        if (Duration.between(lastTick, Instant.now()).compareTo(TICK) >= 0) {
          lastTick = Instant.now();
          publish(fleet.onTick(lastTick));
        }
      }
    } catch (RuntimeException e) {
      e.printStackTrace();
      throw e;
    }
  }

  private void publish(List<Decision> decisions) {
    for (Decision decision : decisions) {
      decision.transitions().forEach(this::send);
      decision.commands().forEach(this::send);
      decision.state().ifPresent(this::send);
    }
    producer.flush();
  }

  private void send(EventData data) {
    Event<?> event = Event.of("/failover-decider/test", data);
    producer.send(new ProducerRecord<>(event.topic(), event.key(), event));
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(10_000);
    producer.close();
  }
}
