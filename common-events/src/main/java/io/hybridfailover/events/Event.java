package io.hybridfailover.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event of the contract: the envelope and its {@code data}. {@code specversion}
 * ({@value #SPEC_VERSION}) and {@code datacontenttype} ({@value #DATA_CONTENT_TYPE}) are fixed.
 *
 * @param id unique per event; a UUID unless the producer derives it (the replay tool does, so its
 *     output is reproducible)
 * @param source the emitting instance, e.g. {@code /health-prober/prober-gke-a}
 * @param type must be the type of {@code data}
 * @param subject the service id ({@code data.service()} unless given)
 * @param time when the fact happened, not when it was sent ({@code data.time()} unless given);
 *     truncated to the contract's millisecond precision
 */
@JsonPropertyOrder({
  "specversion",
  "id",
  "source",
  "type",
  "subject",
  "time",
  "datacontenttype",
  "data"
})
public record Event<T extends EventData>(
    String id, String source, EventType type, String subject, Instant time, T data) {

  public static final String SPEC_VERSION = "1.0";
  public static final String DATA_CONTENT_TYPE = "application/json";

  public Event {
    Require.text(id, "id");
    Require.text(source, "source");
    Require.present(type, "type");
    Require.text(subject, "subject");
    time = Require.timestamp(time, "time");
    Require.present(data, "data");
    if (!type.dataClass().isInstance(data)) {
      throw new InvalidEventException(
          "type: "
              + type.type()
              + " carries "
              + type.dataClass().getSimpleName()
              + " data, not "
              + data.getClass().getSimpleName());
    }
  }

  /** A new event with a random UUID, about {@code data.service()}, at {@code data.time()}. */
  public static <T extends EventData> Event<T> of(String source, T data) {
    return of(UUID.randomUUID().toString(), source, data);
  }

  /**
   * An event with a given id, about {@code data.service()}, at {@code data.time()}: for producers
   * that must be reproducible, like the replay tool.
   */
  public static <T extends EventData> Event<T> of(String id, String source, T data) {
    Require.present(data, "data");
    return new Event<>(
        id, source, EventType.of(data.getClass()), data.service(), data.time(), data);
  }

  @JsonProperty("specversion")
  public String specversion() {
    return SPEC_VERSION;
  }

  @JsonProperty("datacontenttype")
  public String datacontenttype() {
    return DATA_CONTENT_TYPE;
  }

  /** The topic this event belongs on. */
  public String topic() {
    return type.topic();
  }

  /** The record key to publish this event with (see {@link RecordKeys}). */
  public String key() {
    return RecordKeys.keyFor(data);
  }
}
