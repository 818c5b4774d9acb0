package io.hybridfailover.actuation;

import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.Routing;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.CloseableIterator;
import org.jboss.logging.Logger;

/**
 * The event half of an actuator's start-up rehearsal of its command path: a dry-run command, as the
 * intake decodes it, and the result it would answer with, encoded but never sent. Each actuator
 * runs its own write path (read and plan, no write) between the two.
 */
public final class CommandRehearsal {

  private static final Logger LOG = Logger.getLogger(CommandRehearsal.class);

  private final EventCodec codec = new EventCodec();
  private final ResultEvents results;

  /**
   * @param actuator names the actuator, e.g. {@code traffic-switcher}
   */
  public CommandRehearsal(String actuator) {
    this.results = new ResultEvents(actuator, "warm-up");
  }

  /**
   * Rehearses against each target: a command in, {@code dryRun} (the actuator's write path, writing
   * nothing; it returns the plan's detail), the result encoded. A target whose API or object is not
   * there yet is skipped: its first real command then pays, nothing more.
   *
   * @return against how many targets the rehearsal got to a plan
   */
  public <T> int rehearse(
      List<T> targets,
      Function<T, String> service,
      Function<T, String> resource,
      BiFunction<T, Command, String> dryRun) {
    readCommittedBatch();
    int rehearsed = 0;
    for (T target : targets) {
      try {
        Command command = command(service.apply(target));
        answer(command, resource.apply(target), dryRun.apply(target, command));
        rehearsed++;
      } catch (RuntimeException e) {
        LOG.debugf("warm-up against %s skipped: %s", resource.apply(target), e);
      }
    }
    return rehearsed;
  }

  /**
   * A dry-run failover command for {@code service}, through the codec both ways. Its epoch is the
   * largest there is, so that the plan goes all the way to a desired object instead of stopping at
   * the fence.
   */
  private Command command(String service) {
    Command command =
        new Command(
            "warm-up",
            service,
            Long.MAX_VALUE,
            Mode.FAILED_OVER,
            Routing.allGke(),
            Placement.GKE,
            "start-up rehearsal",
            // Not empty: a real command names its causes, and their check is code of its own.
            List.of("warm-up"),
            true,
            Instant.now());
    return codec.decode(codec.encode(Event.of("/warm-up", command)), Command.class).data();
  }

  /**
   * What the Kafka consumer does with the first records it fetches, done once on a batch built
   * here: a transactional batch with one record and its headers, then the transaction's commit
   * marker, each checked (CRC) and read as {@code CompletedFetch} reads them. An actuator whose
   * commands topic had nothing to replay at start-up otherwise loads and runs that code for the
   * first time on its first command: about 60 ms of the first failover in the outage drill (JFR's
   * class-load events on the consumer's thread, between the fetch response and the record's
   * hand-over).
   */
  static int readCommittedBatch() {
    long producerId = 1;
    short producerEpoch = 0;
    ByteBuffer buffer = ByteBuffer.allocate(512);
    try (MemoryRecordsBuilder batch =
        MemoryRecords.builder(
            buffer,
            RecordBatch.CURRENT_MAGIC_VALUE,
            Compression.NONE,
            TimestampType.LOG_APPEND_TIME,
            0L,
            System.currentTimeMillis(),
            producerId,
            producerEpoch,
            0,
            true,
            RecordBatch.NO_PARTITION_LEADER_EPOCH)) {
      batch.append(
          new SimpleRecord(
              System.currentTimeMillis(),
              "warm-up".getBytes(StandardCharsets.UTF_8),
              "{}".getBytes(StandardCharsets.UTF_8),
              new Header[] {
                new RecordHeader("warm-up", "warm-up".getBytes(StandardCharsets.UTF_8))
              }));
      MemoryRecords records = batch.build();
      MemoryRecords marker =
          MemoryRecords.withEndTransactionMarker(
              1L,
              System.currentTimeMillis(),
              RecordBatch.NO_PARTITION_LEADER_EPOCH,
              producerId,
              producerEpoch,
              new EndTransactionMarker(ControlRecordType.COMMIT, 0));
      int read = 0;
      for (MemoryRecords fetched : List.of(records, marker)) {
        for (RecordBatch fetchedBatch : fetched.batches()) {
          fetchedBatch.ensureValid();
          try (CloseableIterator<Record> it =
              fetchedBatch.streamingIterator(BufferSupplier.NO_CACHING)) {
            while (it.hasNext()) {
              Record record = it.next();
              if (fetchedBatch.isControlBatch()) {
                ControlRecordType.parse(record.key());
              } else {
                handOver(
                    new ConsumerRecord<>(
                        "warm-up",
                        0,
                        record.offset(),
                        record.timestamp(),
                        fetchedBatch.timestampType(),
                        record.keySize(),
                        record.valueSize(),
                        record.key(),
                        record.value(),
                        new RecordHeaders(record.headers()),
                        Optional.empty()));
              }
              read++;
            }
          }
        }
      }
      return read;
    }
  }

  /**
   * What follows on the connector's side, with its public types: the poll's records iterated, the
   * record's metadata, and the asynchronous steps every message goes through (another ~20 ms).
   */
  private static void handOver(ConsumerRecord<ByteBuffer, ByteBuffer> record) {
    ConsumerRecords<ByteBuffer, ByteBuffer> polled =
        new ConsumerRecords<>(
            Map.of(new TopicPartition(record.topic(), record.partition()), List.of(record)),
            Map.of());
    for (ConsumerRecord<ByteBuffer, ByteBuffer> each : polled) {
      IncomingKafkaRecordMetadata<ByteBuffer, ByteBuffer> metadata =
          new IncomingKafkaRecordMetadata<>(each, "warm-up");
      Uni.createFrom()
          .completionStage(CompletableFuture.completedFuture(metadata))
          .onItemOrFailure()
          .transformToUni((item, failure) -> Uni.createFrom().item(item.getHeaders()))
          .await()
          .indefinitely();
    }
  }

  /** Encodes the result that would answer {@code command}; nothing is published. */
  private void answer(Command command, String resource, String detail) {
    codec.encode(
        results.of(
            command.commandId(),
            command.service(),
            command.epoch(),
            ActuationOutcome.UNCHANGED,
            resource,
            1,
            detail,
            0L,
            Instant.now()));
  }
}
