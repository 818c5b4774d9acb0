package io.hybridfailover.events.kafka;

import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka value serializer for the contract's events, as structured-mode CloudEvents. Marks each
 * record with the header {@code content-type: application/cloudevents+json} so that CloudEvents
 * SDKs recognise it. A {@code null} event (a tombstone) stays {@code null}.
 */
public class EventSerializer implements Serializer<Event<?>> {

  private static final byte[] CONTENT_TYPE =
      EventCodec.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8);

  private final EventCodec codec = new EventCodec();

  @Override
  public byte[] serialize(String topic, Event<?> event) {
    return event == null ? null : codec.encode(event);
  }

  @Override
  public byte[] serialize(String topic, Headers headers, Event<?> event) {
    if (event != null) {
      headers.remove(EventCodec.CONTENT_TYPE_HEADER);
      headers.add(EventCodec.CONTENT_TYPE_HEADER, CONTENT_TYPE);
    }
    return serialize(topic, event);
  }
}
