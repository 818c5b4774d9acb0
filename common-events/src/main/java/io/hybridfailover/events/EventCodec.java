package io.hybridfailover.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Writes and reads events as CloudEvents 1.0 structured-mode JSON, validating both ways.
 *
 * <p>Output is canonical: attributes in the order {@code specversion, id, source, type, subject,
 * time, datacontenttype, data}, data fields in the contract's order, maps sorted by key, optional
 * fields left out when absent, timestamps as {@code 2026-11-23T10:15:03.120Z}. Equal events encode
 * to identical bytes, which the replay tool relies on.
 *
 * <p>Reading is strict about what the contract says and tolerant of what it doesn't: unknown
 * attributes (CloudEvents extensions) and unknown data fields are ignored; everything else is
 * checked and a violation throws {@link InvalidEventException} whose message starts with the path
 * of the offending field, e.g. {@code data.epoch: must be >= 1 but was 0}. The rules:
 *
 * <ul>
 *   <li>A record is at most {@value #MAX_RECORD_BYTES} bytes, on write and on read.
 *   <li>{@code specversion} is {@code "1.0"}; {@code id}, {@code source}, {@code subject} are
 *       non-blank strings; {@code type} is one of {@link EventType}; {@code time} is an RFC 3339
 *       timestamp in UTC ({@code Z} or {@code +00:00}; any fraction of a second, kept to the
 *       millisecond); {@code datacontenttype}, if present, is {@code application/json}; {@code
 *       data} is a JSON object.
 *   <li>Every data field of the contract's examples is required except {@code detail} and {@code
 *       target} (optional text), {@code causedBy} (default: empty list) and {@code votes} (default:
 *       empty map). Required text must not be blank.
 *   <li>Enums take only the contract's values; service ids are {@code <namespace>/<name>} (or
 *       {@code *} for a karmada-cluster observation and for an override); routing weights are
 *       integers 0..100 summing to 100; {@code epoch >= 1} (state: {@code >= 0}, before any
 *       command); {@code attempt >= 1}; {@code latencyMs >= 0}.
 * </ul>
 *
 * <p>Thread-safe; instances are cheap and share one configured {@link ObjectMapper}.
 */
public final class EventCodec {

  /** The Kafka record header that marks a structured-mode CloudEvent. */
  public static final String CONTENT_TYPE_HEADER = "content-type";

  /** The value of {@link #CONTENT_TYPE_HEADER}. */
  public static final String CONTENT_TYPE = "application/cloudevents+json";

  /** The largest record, in bytes, written or accepted: 64 KiB. */
  public static final int MAX_RECORD_BYTES = 65_536;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(
              new SimpleModule("hybridfailover-events")
                  .addSerializer(Instant.class, new InstantSerializer()))
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /**
   * The event as UTF-8 JSON.
   *
   * @throws InvalidEventException if the record would exceed {@value #MAX_RECORD_BYTES} bytes
   */
  public byte[] encode(Event<?> event) {
    byte[] bytes;
    try {
      bytes = MAPPER.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + event.type() + " as JSON", e);
    }
    requireWithinLimit(bytes.length);
    return bytes;
  }

  /** The event as a JSON string: one line, fit for a JSON-lines file. */
  public String encodeToString(Event<?> event) {
    return new String(encode(event), StandardCharsets.UTF_8);
  }

  /**
   * Reads and validates one event of any type of the contract.
   *
   * @throws InvalidEventException naming the field that breaks the contract
   */
  public Event<?> decode(byte[] bytes) {
    requireWithinLimit(bytes.length);
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new InvalidEventException(
          "not JSON: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new InvalidEventException("not JSON: the record is empty");
    }
    return readEvent(JsonFields.of(root, ""));
  }

  /** Reads one event from a line of a JSON-lines file; see {@link #decode(byte[])}. */
  public Event<?> decode(String json) {
    return decode(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads one event that must carry {@code expected} data, e.g. a consumer of the commands topic.
   *
   * @throws InvalidEventException if the event is invalid or of another type
   */
  public <T extends EventData> Event<T> decode(byte[] bytes, Class<T> expected) {
    Event<?> event = decode(bytes);
    if (!expected.isInstance(event.data())) {
      throw new InvalidEventException(
          "type: expected " + EventType.of(expected).type() + " but was " + event.type().type());
    }
    @SuppressWarnings("unchecked") // checked just above
    Event<T> typed = (Event<T>) event;
    return typed;
  }

  private static void requireWithinLimit(int length) {
    if (length > MAX_RECORD_BYTES) {
      throw new InvalidEventException(
          "record is " + length + " bytes, over the " + MAX_RECORD_BYTES + "-byte limit");
    }
  }

  private static Event<?> readEvent(JsonFields envelope) {
    String specversion = envelope.text("specversion");
    if (!Event.SPEC_VERSION.equals(specversion)) {
      throw new InvalidEventException(
          "specversion: must be \"1.0\" but was " + Require.quote(specversion));
    }
    String id = envelope.text("id");
    String source = envelope.text("source");
    EventType type = EventType.fromType(envelope.text("type"));
    String subject = envelope.text("subject");
    Instant time = envelope.timestamp("time");
    if (envelope.has("datacontenttype")) {
      String contentType = envelope.text("datacontenttype");
      if (!isJson(contentType)) {
        throw new InvalidEventException(
            "datacontenttype: must be \"application/json\" but was " + Require.quote(contentType));
      }
    }
    JsonFields dataFields = envelope.object("data");
    EventData data;
    try {
      data = readData(type, dataFields.relative());
    } catch (InvalidEventException e) {
      throw e.under("data");
    }
    return new Event<>(id, source, type, subject, time, data);
  }

  /** {@code application/json}, in any case, with or without parameters such as a charset. */
  private static boolean isJson(String contentType) {
    String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return Event.DATA_CONTENT_TYPE.equals(mediaType);
  }

  /** Reads {@code data}; errors name fields relative to it, the caller prefixes {@code data.}. */
  private static EventData readData(EventType type, JsonFields data) {
    return switch (type) {
      case OBSERVATION ->
          new Observation(
              data.text("service"),
              data.enumValue("cluster", Cluster.class),
              data.enumValue("check", Check.class),
              data.text("prober"),
              data.enumValue("outcome", Outcome.class),
              data.integer("latencyMs"),
              data.optionalText("detail"),
              data.optionalText("target"),
              data.timestamp("observedAt"));
      case TRANSITION ->
          new Transition(
              data.text("service"),
              data.enumValue("cluster", Cluster.class),
              data.enumValue("from", Verdict.class),
              data.enumValue("to", Verdict.class),
              data.has("votes")
                  ? data.enumMap("votes", key -> key, Vote.class, new TreeMap<>())
                  : null,
              data.text("reason"),
              data.timestamp("at"));
      case COMMAND ->
          new Command(
              data.text("commandId"),
              data.text("service"),
              data.integer("epoch"),
              data.enumValue("mode", Mode.class),
              readRouting(data.object("routing")),
              data.enumValue("placement", Placement.class),
              data.text("reason"),
              data.optionalTextList("causedBy"),
              data.bool("dryRun"),
              data.timestamp("issuedAt"));
      case ACTUATION_RESULT ->
          new ActuationResult(
              data.text("commandId"),
              data.text("service"),
              data.integer("epoch"),
              data.text("actuator"),
              data.enumValue("outcome", ActuationOutcome.class),
              data.text("resource"),
              data.smallInteger("attempt"),
              data.optionalText("detail"),
              data.timestamp("completedAt"),
              data.optionalInteger("resourceEpoch"),
              data.optionalTimestamp("commandReceivedAt"));
      case STATE ->
          new FailoverState(
              data.text("service"),
              data.enumValue("mode", Mode.class),
              data.integer("epoch"),
              readRouting(data.object("routing")),
              data.enumValue("placement", Placement.class),
              data.bool("frozen"),
              data.timestamp("since"),
              data.enumMap(
                  "health", Cluster::fromWireName, Verdict.class, new EnumMap<>(Cluster.class)));
      case OVERRIDE ->
          new OperatorOverride(
              data.text("service"),
              data.enumValue("action", OverrideAction.class),
              data.text("reason"),
              data.text("requestedBy"),
              data.timestamp("requestedAt"),
              data.optionalTimestamp("expiresAt"));
    };
  }

  private static Routing readRouting(JsonFields routing) {
    return new Routing(routing.smallInteger("desktop"), routing.smallInteger("gke"));
  }

  /** RFC 3339, UTC, exactly milliseconds, in the envelope and inside data alike. */
  private static final class InstantSerializer extends StdSerializer<Instant> {

    private static final long serialVersionUID = 1L;

    InstantSerializer() {
      super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider)
        throws IOException {
      generator.writeString(Timestamps.format(value));
    }
  }
}
