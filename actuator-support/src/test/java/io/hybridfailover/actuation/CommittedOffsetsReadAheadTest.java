package io.hybridfailover.actuation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class CommittedOffsetsReadAheadTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final TopicPartition ZERO = new TopicPartition("hybrid.failover.commands.v1", 0);
  private static final TopicPartition ONE = new TopicPartition("hybrid.failover.commands.v1", 1);

  /** Kafka's own mock consumer, whose committed-offset read fails while {@code unreachable}. */
  private final MockConsumer<String, byte[]> kafka =
      new MockConsumer<>("earliest") {
        @Override
        public synchronized Map<TopicPartition, OffsetAndMetadata> committed(
            Set<TopicPartition> partitions, Duration timeout) {
          if (unreachable) {
            throw new TimeoutException("coordinator not available");
          }
          return super.committed(partitions, timeout);
        }
      };

  private volatile boolean unreachable;

  /** Lookups that went to the broker (the connector's consumer's own committed()). */
  private final AtomicInteger brokerLookups = new AtomicInteger();

  private final CommittedOffsetsReadAhead<String, byte[]> consumer =
      CommittedOffsetsReadAhead.of(connectorConsumer());

  @Test
  void theFirstLookupAfterAnAssignmentIsAnsweredFromTheOffsetsReadThen() {
    kafka.assign(List.of(ZERO, ONE));
    kafka.commitSync(Map.of(ZERO, new OffsetAndMetadata(7)));

    consumer.read(List.of(ZERO, ONE));

    assertEquals(7, consumer.committed(ZERO).await().atMost(WAIT).get(ZERO).offset());
    Map<TopicPartition, OffsetAndMetadata> none = consumer.committed(ONE).await().atMost(WAIT);
    assertTrue(none.containsKey(ONE));
    assertNull(none.get(ONE), "nothing committed yet: the strategy starts before offset 0");
    assertEquals(0, brokerLookups.get());
  }

  @Test
  void afterThatLookup_andForAPartitionNotRead_theBrokerIsAsked() {
    kafka.assign(List.of(ZERO, ONE));
    consumer.read(List.of(ZERO));
    consumer.committed(ZERO).await().atMost(WAIT);

    consumer.committed(ZERO).await().atMost(WAIT);
    consumer.committed(ONE).await().atMost(WAIT);

    assertEquals(2, brokerLookups.get());
  }

  @Test
  void aRevokedPartitionIsForgotten() {
    kafka.assign(List.of(ZERO));
    consumer.read(List.of(ZERO));

    consumer.forget(List.of(ZERO));
    consumer.committed(ZERO).await().atMost(WAIT);

    assertEquals(1, brokerLookups.get());
  }

  @Test
  void aReadThatFails_leavesTheLookupToTheFirstRecord() {
    kafka.assign(List.of(ZERO));
    unreachable = true;

    consumer.read(List.of(ZERO));
    consumer.committed(ZERO).await().atMost(WAIT);

    assertEquals(1, brokerLookups.get());
  }

  /**
   * The connector's consumer as far as the read-ahead uses it: {@code unwrap()} (Kafka's own mock
   * consumer) and {@code committed(..)}, counted; the rest is not called here.
   */
  @SuppressWarnings("unchecked")
  private KafkaConsumer<String, byte[]> connectorConsumer() {
    return (KafkaConsumer<String, byte[]>)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {KafkaConsumer.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "unwrap" -> kafka;
                  case "committed" -> {
                    brokerLookups.incrementAndGet();
                    yield Uni.createFrom().item(Map.of());
                  }
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
