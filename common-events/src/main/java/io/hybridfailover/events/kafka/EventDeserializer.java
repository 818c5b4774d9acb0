package io.hybridfailover.events.kafka;

import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.InvalidEventException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka value deserializer for the contract's events, validating each one. A {@code null} value (a
 * tombstone on the compacted state topic) stays {@code null}.
 *
 * <p>An invalid record throws a {@link SerializationException} whose message is the {@link
 * InvalidEventException}'s (e.g. {@code data.epoch: must be >= 1 but was 0}) and whose cause is it.
 * A plain consumer gets it as a {@code RecordDeserializationException} with the partition and
 * offset to skip. SmallRye Reactive Messaging, with {@code failure-strategy=dead-letter-queue} and
 * {@code fail-on-deserialization-failure=false}, dead-letters the record with the message in the
 * {@code deserialization-failure-reason} header (and needs {@code cloud-events=false}: this class
 * already handles the CloudEvents envelope).
 */
public class EventDeserializer implements Deserializer<Event<?>> {

  private final EventCodec codec = new EventCodec();

  @Override
  public Event<?> deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      return codec.decode(data);
    } catch (InvalidEventException e) {
      throw new SerializationException(e.getMessage(), e);
    }
  }
}
