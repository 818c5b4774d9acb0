package io.hybridfailover.decider;

import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.EventData;
import io.hybridfailover.events.InvalidEventException;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.RecordKeys;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.identity.TrustedActors;
import io.hybridfailover.events.kafka.ServicePartitioner;
import io.hybridfailover.events.kafka.SignedRecords;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes each input record as the contract event its topic carries, keys it by service, and says
 * whether this task decides for it ({@link DecodedInput#decideHere}): its service's partition
 * ({@link ServicePartitioner}) is the partition it arrived on. Inputs about one service meet in one
 * task whatever their producer: one that arrived elsewhere (a producer that did not partition by
 * service), and an input for all services ({@code *}, which every task needs), are routed onwards
 * by {@link DeciderTopology}. When actors are trusted ({@link TrustedActors}), a record must also
 * be signed by the actor its data names (a prober's observation by that prober, and so on). A
 * record that is not a valid event of its topic's type, or not so signed, passes on as {@link
 * DecodedInput#invalid} with the dead-letter headers (the same names SmallRye Reactive Messaging
 * uses in the other services).
 */
final class InputDecoder extends ContextualProcessor<String, byte[], String, DecodedInput> {

  static final String REASON_HEADER = "dead-letter-reason";
  static final String TOPIC_HEADER = "dead-letter-topic";
  static final String PARTITION_HEADER = "dead-letter-partition";
  static final String OFFSET_HEADER = "dead-letter-offset";

  /**
   * Where a valid input came from, carried with it (also through the topic that routes inputs to
   * their task) so that the decide step can dead-letter it to its own input topic's {@code .dlq} if
   * the core cannot apply it.
   */
  static final String ORIGIN_TOPIC_HEADER = "hybrid-origin-topic";

  static final String ORIGIN_PARTITION_HEADER = "hybrid-origin-partition";
  static final String ORIGIN_OFFSET_HEADER = "hybrid-origin-offset";

  private static final Map<String, Class<? extends EventData>> TYPE_OF_TOPIC =
      Map.of(
          Topics.OBSERVATIONS, Observation.class,
          Topics.OVERRIDES, OperatorOverride.class,
          Topics.RESULTS, ActuationResult.class);

  private final EventCodec codec = new EventCodec();
  private final TaskCount taskCount;
  private final TrustedActors trusted;
  private int tasks;

  InputDecoder(TaskCount taskCount, TrustedActors trusted) {
    this.taskCount = taskCount;
    this.trusted = trusted;
  }

  @Override
  public void init(ProcessorContext<String, DecodedInput> context) {
    super.init(context);
    tasks = taskCount.of(context.appConfigs());
  }

  @Override
  public void process(Record<String, byte[]> record) {
    RecordMetadata source = context().recordMetadata().orElseThrow();
    Class<? extends EventData> expected = TYPE_OF_TOPIC.get(source.topic());
    try {
      if (expected == null) {
        throw new InvalidEventException(
            "topic " + source.topic() + " is not an input of the decider");
      }
      if (record.value() == null) {
        throw new InvalidEventException("record has no value (a tombstone is not an event)");
      }
      Event<?> event = codec.decode(record.value(), expected);
      // Signed by a trusted actor of the topic's role, over these very bytes, naming itself.
      SignedRecords.check(trusted, source.topic(), record.value(), record.headers(), event);
      boolean here =
          !RecordKeys.ALL_SERVICES.equals(event.subject())
              && ServicePartitioner.partition(event.subject(), tasks) == source.partition();
      Record<String, DecodedInput> valid =
          record.withKey(event.subject()).withValue(DecodedInput.valid(event, here));
      valid
          .headers()
          .remove(ORIGIN_TOPIC_HEADER)
          .remove(ORIGIN_PARTITION_HEADER)
          .remove(ORIGIN_OFFSET_HEADER)
          .add(ORIGIN_TOPIC_HEADER, utf8(source.topic()))
          .add(ORIGIN_PARTITION_HEADER, utf8(Integer.toString(source.partition())))
          .add(ORIGIN_OFFSET_HEADER, utf8(Long.toString(source.offset())));
      context().forward(valid);
    } catch (InvalidEventException e) {
      Record<String, DecodedInput> dead =
          record.withValue(DecodedInput.invalid(record.value(), e.getMessage()));
      dead.headers()
          .add(REASON_HEADER, utf8(e.getMessage()))
          .add(TOPIC_HEADER, utf8(source.topic()))
          .add(PARTITION_HEADER, utf8(Integer.toString(source.partition())))
          .add(OFFSET_HEADER, utf8(Long.toString(source.offset())));
      context().forward(dead);
    }
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
