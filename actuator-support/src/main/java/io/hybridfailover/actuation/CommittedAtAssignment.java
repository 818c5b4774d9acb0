package io.hybridfailover.actuation;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.commit.ContextHolder;
import io.smallrye.reactive.messaging.kafka.commit.KafkaCommitHandler;
import io.smallrye.reactive.messaging.kafka.commit.KafkaThrottledLatestProcessedCommit;
import io.vertx.mutiny.core.Context;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.function.BiConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * SmallRye's {@code throttled} commit strategy (at-least-once with commands acknowledged out of
 * order across services), except that the committed offset of a partition is read when the
 * partition is assigned, not when its first record arrives. The throttled strategy asks the group
 * coordinator for it on the first record, so the first command after every start (on a quiet
 * system, the failover itself) waited for that round trip on the consumer's thread; after a broker
 * restart, for the coordinator to come back. Set on the commands channel as {@code
 * commit-strategy=}{@value #NAME}.
 */
@ApplicationScoped
@Identifier(CommittedAtAssignment.NAME)
public class CommittedAtAssignment implements KafkaCommitHandler.Factory {

  public static final String NAME = "throttled-committed-at-assignment";

  private final KafkaThrottledLatestProcessedCommit.Factory throttled =
      new KafkaThrottledLatestProcessedCommit.Factory();

  @Override
  public KafkaCommitHandler create(
      KafkaConnectorIncomingConfiguration config,
      Vertx vertx,
      KafkaConsumer<?, ?> consumer,
      BiConsumer<Throwable, Boolean> reportFailure) {
    CommittedOffsetsReadAhead<?, ?> readAhead = CommittedOffsetsReadAhead.of(consumer);
    return new Handler(vertx, throttled.create(config, vertx, readAhead, reportFailure), readAhead);
  }

  /**
   * The throttled handler, told of an assignment once the committed offsets were read. A {@link
   * ContextHolder} only to hand the connector's event-loop context on: the connector gives it to a
   * handler that is one, and the throttled one runs its bookkeeping there.
   */
  private static final class Handler extends ContextHolder implements KafkaCommitHandler {

    private final KafkaThrottledLatestProcessedCommit throttled;
    private final CommittedOffsetsReadAhead<?, ?> readAhead;

    Handler(
        Vertx vertx,
        KafkaThrottledLatestProcessedCommit throttled,
        CommittedOffsetsReadAhead<?, ?> readAhead) {
      super(vertx, throttled.getTimeoutInMillis());
      this.throttled = throttled;
      this.readAhead = readAhead;
    }

    @Override
    public void capture(Context context) {
      super.capture(context);
      throttled.capture(context);
    }

    @Override
    public void capture(io.vertx.core.Context context) {
      super.capture(context);
      throttled.capture(context);
    }

    @Override
    public void partitionsAssigned(Collection<TopicPartition> partitions) {
      // The consumer's own thread, inside its rebalance callback: a synchronous read is allowed.
      readAhead.read(partitions);
      throttled.partitionsAssigned(partitions);
    }

    @Override
    public void partitionsRevoked(Collection<TopicPartition> partitions) {
      readAhead.forget(partitions);
      throttled.partitionsRevoked(partitions);
    }

    @Override
    public <K, V> Multi<IncomingKafkaRecord<K, V>> decorateStream(
        Multi<IncomingKafkaRecord<K, V>> consumed) {
      return throttled.decorateStream(consumed);
    }

    @Override
    public <K, V> Uni<IncomingKafkaRecord<K, V>> received(IncomingKafkaRecord<K, V> record) {
      return throttled.received(record);
    }

    @Override
    public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record) {
      return throttled.handle(record);
    }

    @Override
    public void terminate(boolean graceful) {
      throttled.terminate(graceful);
    }
  }
}
