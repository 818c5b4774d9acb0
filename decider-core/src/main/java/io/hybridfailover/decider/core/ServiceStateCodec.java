package io.hybridfailover.decider.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import io.hybridfailover.events.Timestamps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@link ServiceState} as JSON bytes, for a Kafka Streams state store. Instants are ISO-8601
 * strings (as the events write them, or {@link Instant#toString()} if finer than a millisecond),
 * written without the jsr310 module; absent (null) fields are left out, and unknown fields are
 * ignored so an older decider can read a newer state.
 */
public final class ServiceStateCodec {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(
              new SimpleModule("instants")
                  .addSerializer(Instant.class, new InstantSerializer())
                  .addDeserializer(Instant.class, new InstantDeserializer()))
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private ServiceStateCodec() {}

  public static byte[] encode(ServiceState state) {
    try {
      return MAPPER.writeValueAsBytes(state);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the state of " + state.service(), e);
    }
  }

  /**
   * @throws IllegalArgumentException if {@code bytes} is not a valid encoded state
   */
  public static ServiceState decode(byte[] bytes) {
    try {
      return MAPPER.readValue(bytes, ServiceState.class);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a valid service state: " + e.getMessage(), e);
    }
  }

  private static final class InstantSerializer extends StdScalarSerializer<Instant> {
    private static final long serialVersionUID = 1L;

    InstantSerializer() {
      super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider)
        throws IOException {
      // Every instant of a state is exact to the millisecond (event times, the stream's clock):
      // written as the events write theirs, by hand, which costs a fraction of toString().
      generator.writeString(
          value.getNano() % 1_000_000 == 0 ? Timestamps.format(value) : value.toString());
    }
  }

  private static final class InstantDeserializer extends StdScalarDeserializer<Instant> {
    private static final long serialVersionUID = 1L;

    InstantDeserializer() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      String text = parser.getValueAsString();
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException | NullPointerException e) {
        return (Instant)
            context.handleWeirdStringValue(Instant.class, text, "not an ISO-8601 instant");
      }
    }
  }
}
