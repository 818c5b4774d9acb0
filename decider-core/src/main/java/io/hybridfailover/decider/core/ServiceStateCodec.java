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
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Timestamps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * {@link ServiceState} as JSON bytes, for a Kafka Streams state store. Instants are ISO-8601
 * strings (as the events write them, or {@link Instant#toString()} if finer than a millisecond),
 * written without the jsr310 module; absent (null) fields are left out, and unknown fields are
 * ignored so an older decider can read a newer state.
 *
 * <p>The decider encodes a state for every input, so {@link #encode} writes it field by field with
 * a {@link JsonGenerator} (about a third of the cost of Jackson's bean serialization, which found
 * each property by reflection); it writes the same bytes the bean serialization wrote (record
 * components in declaration order, maps by key), which {@code ServiceStateCodecTest} checks, so
 * states stored before and after read alike. Decoding is rare (a task starting) and stays with the
 * bean deserializer.
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
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator generator = MAPPER.getFactory().createGenerator(out)) {
      write(generator, state);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the state of " + state.service(), e);
    }
    return out.toByteArray();
  }

  /** The bean serialization that {@link #encode} matches byte for byte (tests compare them). */
  static byte[] encodeAsBean(ServiceState state) throws IOException {
    return MAPPER.writeValueAsBytes(state);
  }

  private static void write(JsonGenerator g, ServiceState state) throws IOException {
    g.writeStartObject();
    g.writeStringField("service", state.service());
    g.writeStringField("mode", state.mode().name());
    writeInstantField(g, "modeSince", state.modeSince());
    g.writeNumberField("epoch", state.epoch());
    g.writeObjectFieldStart("routing");
    g.writeNumberField("desktop", state.routing().desktop());
    g.writeNumberField("gke", state.routing().gke());
    g.writeEndObject();
    g.writeStringField("placement", state.placement().name());
    g.writeBooleanField("frozen", state.frozen());
    if (state.forced() != null) {
      g.writeStringField("forced", state.forced().wireName());
    }
    writeHealth(g, "desktop", state.desktop());
    writeHealth(g, "gke", state.gke());
    writeInstantField(g, "stepSince", state.stepSince());
    g.writeBooleanField("standbyAlertSent", state.standbyAlertSent());
    g.writeArrayFieldStart("failoverStarts");
    for (Instant start : state.failoverStarts()) {
      writeInstant(g, start);
    }
    g.writeEndArray();
    g.writeObjectFieldStart("lastResults");
    for (Map.Entry<String, ActuationResult> entry : state.lastResults().entrySet()) {
      g.writeFieldName(entry.getKey());
      writeResult(g, entry.getValue());
    }
    g.writeEndObject();
    g.writeArrayFieldStart("appliedOverrides");
    for (String id : state.appliedOverrides()) {
      g.writeString(id);
    }
    g.writeEndArray();
    g.writeObjectFieldStart("clocks");
    for (Map.Entry<String, ProberClock> entry : state.clocks().entrySet()) {
      ProberClock clock = entry.getValue();
      g.writeObjectFieldStart(entry.getKey());
      g.writeBooleanField("skewReported", clock.skewReported());
      writeInstantField(g, "arrivingStaleSince", clock.arrivingStaleSince());
      g.writeBooleanField("delayReported", clock.delayReported());
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeObjectFieldStart("offsets");
    for (Map.Entry<String, ProberOffset> entry : state.offsets().entrySet()) {
      writeOffset(g, entry.getKey(), entry.getValue());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void writeHealth(JsonGenerator g, String name, ClusterHealth health)
      throws IOException {
    g.writeObjectFieldStart(name);
    g.writeStringField("verdict", health.verdict().name());
    writeInstantField(g, "since", health.since());
    if (health.causedBy() != null) {
      g.writeStringField("causedBy", health.causedBy());
    }
    writeTracks(g, "probers", health.probers());
    writeTracks(g, "otherChecks", health.otherChecks());
    g.writeEndObject();
  }

  private static void writeTracks(JsonGenerator g, String name, Map<String, ProberTrack> tracks)
      throws IOException {
    g.writeObjectFieldStart(name);
    for (Map.Entry<String, ProberTrack> entry : tracks.entrySet()) {
      ProberTrack track = entry.getValue();
      g.writeObjectFieldStart(entry.getKey());
      g.writeNumberField("ups", track.ups());
      g.writeNumberField("downs", track.downs());
      g.writeStringField("vote", track.vote().name());
      writeInstantField(g, "lastObservedAt", track.lastObservedAt());
      writeInstantField(g, "lastSeenAt", track.lastSeenAt());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void writeResult(JsonGenerator g, ActuationResult result) throws IOException {
    g.writeStartObject();
    g.writeStringField("commandId", result.commandId());
    g.writeStringField("service", result.service());
    g.writeNumberField("epoch", result.epoch());
    g.writeStringField("actuator", result.actuator());
    g.writeStringField("outcome", result.outcome().name());
    g.writeStringField("resource", result.resource());
    g.writeNumberField("attempt", result.attempt());
    if (result.detail() != null) {
      g.writeStringField("detail", result.detail());
    }
    writeInstantField(g, "completedAt", result.completedAt());
    if (result.resourceEpoch() != null) {
      g.writeNumberField("resourceEpoch", result.resourceEpoch());
    }
    writeInstantField(g, "commandReceivedAt", result.commandReceivedAt());
    g.writeEndObject();
  }

  private static void writeOffset(JsonGenerator g, String prober, ProberOffset offset)
      throws IOException {
    g.writeObjectFieldStart(prober);
    g.writeNumberField("offsetMillis", offset.offsetMillis());
    g.writeArrayFieldStart("samplesMillis");
    for (long sample : offset.samplesMillis()) {
      g.writeNumber(sample);
    }
    g.writeEndArray();
    if (offset.candidateMillis() != null) {
      g.writeNumberField("candidateMillis", offset.candidateMillis());
    }
    writeInstantField(g, "candidateSince", offset.candidateSince());
    g.writeNumberField("reportedMillis", offset.reportedMillis());
    writeInstantField(g, "reportedAt", offset.reportedAt());
    g.writeEndObject();
  }

  /** Left out when absent, as the bean serialization did ({@code NON_NULL}). */
  private static void writeInstantField(JsonGenerator g, String name, Instant value)
      throws IOException {
    if (value != null) {
      g.writeFieldName(name);
      writeInstant(g, value);
    }
  }

  private static void writeInstant(JsonGenerator g, Instant value) throws IOException {
    // Every instant of a state is exact to the millisecond (event times, the stream's clock):
    // written as the events write theirs, by hand, which costs a fraction of toString().
    g.writeString(value.getNano() % 1_000_000 == 0 ? Timestamps.format(value) : value.toString());
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
      writeInstant(generator, value);
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
