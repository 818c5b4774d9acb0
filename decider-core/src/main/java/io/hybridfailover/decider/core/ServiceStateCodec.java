package io.hybridfailover.decider.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
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
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.Timestamps;
import io.hybridfailover.events.Verdict;
import io.hybridfailover.events.Vote;
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

  /** Enum constants as the bean serialization wrote them (their names), by ordinal. */
  private static final SerializableString[] MODES = names(Mode.values());

  private static final SerializableString[] PLACEMENTS = names(Placement.values());
  private static final SerializableString[] VERDICTS = names(Verdict.values());
  private static final SerializableString[] VOTES = names(Vote.values());

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
    g.writeFieldName(SERVICE);
    g.writeString(state.service());
    g.writeFieldName(MODE);
    g.writeString(MODES[state.mode().ordinal()]);
    writeInstantField(g, MODE_SINCE, state.modeSince());
    g.writeFieldName(EPOCH);
    g.writeNumber(state.epoch());
    g.writeFieldName(ROUTING);
    g.writeStartObject();
    g.writeFieldName(DESKTOP);
    g.writeNumber(state.routing().desktop());
    g.writeFieldName(GKE);
    g.writeNumber(state.routing().gke());
    g.writeEndObject();
    g.writeFieldName(PLACEMENT);
    g.writeString(PLACEMENTS[state.placement().ordinal()]);
    g.writeFieldName(FROZEN);
    g.writeBoolean(state.frozen());
    if (state.forced() != null) {
      g.writeFieldName(FORCED);
      g.writeString(state.forced().wireName());
    }
    writeHealth(g, DESKTOP, state.desktop());
    writeHealth(g, GKE, state.gke());
    writeInstantField(g, STEP_SINCE, state.stepSince());
    g.writeFieldName(STANDBY_ALERT_SENT);
    g.writeBoolean(state.standbyAlertSent());
    g.writeFieldName(FAILOVER_STARTS);
    g.writeStartArray();
    for (Instant start : state.failoverStarts()) {
      writeInstant(g, start);
    }
    g.writeEndArray();
    g.writeFieldName(LAST_RESULTS);
    g.writeStartObject();
    for (Map.Entry<String, ActuationResult> entry : state.lastResults().entrySet()) {
      g.writeFieldName(entry.getKey());
      writeResult(g, entry.getValue());
    }
    g.writeEndObject();
    g.writeFieldName(APPLIED_OVERRIDES);
    g.writeStartArray();
    for (String id : state.appliedOverrides()) {
      g.writeString(id);
    }
    g.writeEndArray();
    g.writeFieldName(CLOCKS);
    g.writeStartObject();
    for (Map.Entry<String, ProberClock> entry : state.clocks().entrySet()) {
      ProberClock clock = entry.getValue();
      g.writeObjectFieldStart(entry.getKey());
      g.writeFieldName(SKEW_REPORTED);
      g.writeBoolean(clock.skewReported());
      writeInstantField(g, ARRIVING_STALE_SINCE, clock.arrivingStaleSince());
      g.writeFieldName(DELAY_REPORTED);
      g.writeBoolean(clock.delayReported());
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeFieldName(OFFSETS);
    g.writeStartObject();
    for (Map.Entry<String, ProberOffset> entry : state.offsets().entrySet()) {
      writeOffset(g, entry.getKey(), entry.getValue());
    }
    g.writeEndObject();
    if (state.holds() != null) {
      g.writeFieldName(HOLDS);
      g.writeStartObject();
      writeHold(g, SERVICE, state.holds().service());
      writeHold(g, ALL, state.holds().all());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void writeHold(JsonGenerator g, SerializableString name, Hold hold)
      throws IOException {
    if (hold == null) {
      return;
    }
    g.writeFieldName(name);
    g.writeStartObject();
    g.writeFieldName(OVERRIDE_ID);
    g.writeString(hold.overrideId());
    g.writeFieldName(ACTION);
    g.writeString(hold.action().name());
    if (hold.forced() != null) {
      g.writeFieldName(FORCED);
      g.writeString(hold.forced().wireName());
    }
    g.writeFieldName(REQUESTED_BY);
    g.writeString(hold.requestedBy());
    g.writeFieldName(REASON);
    g.writeString(hold.reason());
    writeInstantField(g, EXPIRES_AT, hold.expiresAt());
    g.writeEndObject();
  }

  private static void writeHealth(JsonGenerator g, SerializableString name, ClusterHealth health)
      throws IOException {
    g.writeFieldName(name);
    g.writeStartObject();
    g.writeFieldName(VERDICT);
    g.writeString(VERDICTS[health.verdict().ordinal()]);
    writeInstantField(g, SINCE, health.since());
    if (health.causedBy() != null) {
      g.writeFieldName(CAUSED_BY);
      g.writeString(health.causedBy());
    }
    writeTracks(g, PROBERS, health.probers());
    writeTracks(g, OTHER_CHECKS, health.otherChecks());
    g.writeEndObject();
  }

  private static void writeTracks(
      JsonGenerator g, SerializableString name, Map<String, ProberTrack> tracks)
      throws IOException {
    g.writeFieldName(name);
    g.writeStartObject();
    for (Map.Entry<String, ProberTrack> entry : tracks.entrySet()) {
      ProberTrack track = entry.getValue();
      g.writeObjectFieldStart(entry.getKey());
      g.writeFieldName(UPS);
      g.writeNumber(track.ups());
      g.writeFieldName(DOWNS);
      g.writeNumber(track.downs());
      g.writeFieldName(VOTE);
      g.writeString(VOTES[track.vote().ordinal()]);
      writeInstantField(g, LAST_OBSERVED_AT, track.lastObservedAt());
      writeInstantField(g, LAST_SEEN_AT, track.lastSeenAt());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void writeResult(JsonGenerator g, ActuationResult result) throws IOException {
    g.writeStartObject();
    g.writeFieldName(COMMAND_ID);
    g.writeString(result.commandId());
    g.writeFieldName(SERVICE);
    g.writeString(result.service());
    g.writeFieldName(EPOCH);
    g.writeNumber(result.epoch());
    g.writeFieldName(ACTUATOR);
    g.writeString(result.actuator());
    g.writeFieldName(OUTCOME);
    g.writeString(result.outcome().name());
    g.writeFieldName(RESOURCE);
    g.writeString(result.resource());
    g.writeFieldName(ATTEMPT);
    g.writeNumber(result.attempt());
    if (result.detail() != null) {
      g.writeFieldName(DETAIL);
      g.writeString(result.detail());
    }
    writeInstantField(g, COMPLETED_AT, result.completedAt());
    if (result.resourceEpoch() != null) {
      g.writeFieldName(RESOURCE_EPOCH);
      g.writeNumber(result.resourceEpoch());
    }
    writeInstantField(g, COMMAND_RECEIVED_AT, result.commandReceivedAt());
    g.writeEndObject();
  }

  private static void writeOffset(JsonGenerator g, String prober, ProberOffset offset)
      throws IOException {
    g.writeObjectFieldStart(prober);
    g.writeFieldName(OFFSET_MILLIS);
    g.writeNumber(offset.offsetMillis());
    g.writeFieldName(SAMPLES_MILLIS);
    g.writeStartArray();
    for (long sample : offset.samplesMillis()) {
      g.writeNumber(sample);
    }
    g.writeEndArray();
    if (offset.candidateMillis() != null) {
      g.writeFieldName(CANDIDATE_MILLIS);
      g.writeNumber(offset.candidateMillis());
    }
    writeInstantField(g, CANDIDATE_SINCE, offset.candidateSince());
    g.writeFieldName(REPORTED_MILLIS);
    g.writeNumber(offset.reportedMillis());
    writeInstantField(g, REPORTED_AT, offset.reportedAt());
    g.writeEndObject();
  }

  /** Left out when absent, as the bean serialization did ({@code NON_NULL}). */
  private static void writeInstantField(JsonGenerator g, SerializableString name, Instant value)
      throws IOException {
    if (value != null) {
      g.writeFieldName(name);
      writeInstant(g, value);
    }
  }

  private static void writeInstant(JsonGenerator g, Instant value) throws IOException {
    // Every instant of a state is exact to the millisecond (event times, the stream's clock):
    // written as the events write theirs, by hand, which costs a fraction of toString(); ASCII
    // digits and separators, copied without escaping.
    if (value.getNano() % 1_000_000 == 0) {
      byte[] text = Timestamps.formatAscii(value);
      g.writeRawUTF8String(text, 0, text.length);
    } else {
      g.writeString(value.toString());
    }
  }

  private static SerializableString[] names(Enum<?>[] constants) {
    SerializableString[] names = new SerializableString[constants.length];
    for (Enum<?> constant : constants) {
      names[constant.ordinal()] = new SerializedString(constant.name());
    }
    return names;
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

  // The names of the fields, quoted and UTF-8 encoded once: the generator copies them as they are.

  private static final SerializableString ACTION = new SerializedString("action");
  private static final SerializableString ACTUATOR = new SerializedString("actuator");
  private static final SerializableString ALL = new SerializedString("all");
  private static final SerializableString EXPIRES_AT = new SerializedString("expiresAt");
  private static final SerializableString HOLDS = new SerializedString("holds");
  private static final SerializableString OVERRIDE_ID = new SerializedString("overrideId");
  private static final SerializableString REASON = new SerializedString("reason");
  private static final SerializableString REQUESTED_BY = new SerializedString("requestedBy");
  private static final SerializableString APPLIED_OVERRIDES =
      new SerializedString("appliedOverrides");
  private static final SerializableString ARRIVING_STALE_SINCE =
      new SerializedString("arrivingStaleSince");
  private static final SerializableString ATTEMPT = new SerializedString("attempt");
  private static final SerializableString CANDIDATE_MILLIS =
      new SerializedString("candidateMillis");
  private static final SerializableString CANDIDATE_SINCE = new SerializedString("candidateSince");
  private static final SerializableString CAUSED_BY = new SerializedString("causedBy");
  private static final SerializableString CLOCKS = new SerializedString("clocks");
  private static final SerializableString COMMAND_ID = new SerializedString("commandId");
  private static final SerializableString COMMAND_RECEIVED_AT =
      new SerializedString("commandReceivedAt");
  private static final SerializableString COMPLETED_AT = new SerializedString("completedAt");
  private static final SerializableString DELAY_REPORTED = new SerializedString("delayReported");
  private static final SerializableString DESKTOP = new SerializedString("desktop");
  private static final SerializableString DETAIL = new SerializedString("detail");
  private static final SerializableString DOWNS = new SerializedString("downs");
  private static final SerializableString EPOCH = new SerializedString("epoch");
  private static final SerializableString FAILOVER_STARTS = new SerializedString("failoverStarts");
  private static final SerializableString FORCED = new SerializedString("forced");
  private static final SerializableString FROZEN = new SerializedString("frozen");
  private static final SerializableString GKE = new SerializedString("gke");
  private static final SerializableString LAST_OBSERVED_AT = new SerializedString("lastObservedAt");
  private static final SerializableString LAST_RESULTS = new SerializedString("lastResults");
  private static final SerializableString LAST_SEEN_AT = new SerializedString("lastSeenAt");
  private static final SerializableString MODE = new SerializedString("mode");
  private static final SerializableString MODE_SINCE = new SerializedString("modeSince");
  private static final SerializableString OFFSETS = new SerializedString("offsets");
  private static final SerializableString OFFSET_MILLIS = new SerializedString("offsetMillis");
  private static final SerializableString OTHER_CHECKS = new SerializedString("otherChecks");
  private static final SerializableString OUTCOME = new SerializedString("outcome");
  private static final SerializableString PLACEMENT = new SerializedString("placement");
  private static final SerializableString PROBERS = new SerializedString("probers");
  private static final SerializableString REPORTED_AT = new SerializedString("reportedAt");
  private static final SerializableString REPORTED_MILLIS = new SerializedString("reportedMillis");
  private static final SerializableString RESOURCE = new SerializedString("resource");
  private static final SerializableString RESOURCE_EPOCH = new SerializedString("resourceEpoch");
  private static final SerializableString ROUTING = new SerializedString("routing");
  private static final SerializableString SAMPLES_MILLIS = new SerializedString("samplesMillis");
  private static final SerializableString SERVICE = new SerializedString("service");
  private static final SerializableString SINCE = new SerializedString("since");
  private static final SerializableString SKEW_REPORTED = new SerializedString("skewReported");
  private static final SerializableString STANDBY_ALERT_SENT =
      new SerializedString("standbyAlertSent");
  private static final SerializableString STEP_SINCE = new SerializedString("stepSince");
  private static final SerializableString UPS = new SerializedString("ups");
  private static final SerializableString VERDICT = new SerializedString("verdict");
  private static final SerializableString VOTE = new SerializedString("vote");
}
