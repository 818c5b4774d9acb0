package io.hybridfailover.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The official CloudEvents SDK for Java reads what we write, and we read what it writes. */
class CloudEventsSdkTest {

  static final List<Event<?>> EXAMPLES = Examples.all();

  private static final ObjectMapper JSON = new ObjectMapper();
  private final EventCodec codec = new EventCodec();
  private final EventFormat format =
      EventFormatProvider.getInstance().resolveFormat(EventCodec.CONTENT_TYPE);

  @ParameterizedTest
  @FieldSource("EXAMPLES")
  void theSdkReadsWhatWeWrite(Event<?> event) throws IOException {
    byte[] ours = codec.encode(event);

    CloudEvent read = format.deserialize(ours);

    assertEquals("1.0", read.getSpecVersion().toString());
    assertEquals(event.id(), read.getId());
    assertEquals(URI.create(event.source()), read.getSource());
    assertEquals(event.type().type(), read.getType());
    assertEquals(event.subject(), read.getSubject());
    assertEquals(event.time(), read.getTime().toInstant());
    assertEquals(Event.DATA_CONTENT_TYPE, read.getDataContentType());
    assertNotNull(read.getData());
    assertEquals(JSON.readTree(ours).get("data"), JSON.readTree(read.getData().toBytes()));
  }

  @ParameterizedTest
  @FieldSource("EXAMPLES")
  void weReadWhatTheSdkWrites(Event<?> event) throws IOException {
    byte[] data = JSON.writeValueAsBytes(JSON.readTree(codec.encode(event)).get("data"));
    CloudEvent theirs =
        CloudEventBuilder.v1()
            .withId(event.id())
            .withSource(URI.create(event.source()))
            .withType(event.type().type())
            .withSubject(event.subject())
            .withTime(event.time().atOffset(ZoneOffset.UTC))
            .withData(Event.DATA_CONTENT_TYPE, data)
            .withExtension("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
            .build();

    assertEquals(event, codec.decode(format.serialize(theirs)));
  }

  @org.junit.jupiter.api.Test
  void theSdkKnowsOurContentType() {
    assertEquals(JsonFormat.CONTENT_TYPE, EventCodec.CONTENT_TYPE);
  }
}
