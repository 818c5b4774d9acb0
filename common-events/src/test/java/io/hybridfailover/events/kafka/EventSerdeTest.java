package io.hybridfailover.events.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.FailoverState;
import io.hybridfailover.events.InvalidEventException;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class EventSerdeTest {

  private static final Event<FailoverState> STATE =
      Event.of(
          "/failover-decider/decider-0",
          new FailoverState(
              "shop/web",
              Mode.FAILING_BACK,
              13,
              Routing.desktop(25),
              Placement.GKE,
              false,
              Instant.parse("2026-11-23T10:20:00.000Z"),
              Map.of(Cluster.DESKTOP, Verdict.UP, Cluster.GKE, Verdict.UP)));

  private final EventSerializer serializer = new EventSerializer();
  private final EventDeserializer deserializer = new EventDeserializer();

  @Test
  void marksRecordsAsStructuredCloudEventsAndRoundTrips() {
    Headers headers = new RecordHeaders();
    headers.add("content-type", "text/plain".getBytes(StandardCharsets.UTF_8));

    byte[] value = serializer.serialize(Topics.STATE, headers, STATE);

    assertEquals(1, headers.toArray().length);
    assertEquals(
        "application/cloudevents+json",
        new String(headers.lastHeader("content-type").value(), StandardCharsets.UTF_8));
    assertEquals(STATE, deserializer.deserialize(Topics.STATE, headers, value));
  }

  @Test
  void theCloudEventsKafkaDeserializerRecognisesOurRecords() {
    Headers headers = new RecordHeaders();
    byte[] value = serializer.serialize(Topics.STATE, headers, STATE);

    try (CloudEventDeserializer sdk = new CloudEventDeserializer()) {
      CloudEvent read = sdk.deserialize(Topics.STATE, headers, value);

      assertEquals(STATE.id(), read.getId());
      assertEquals(STATE.type().type(), read.getType());
    }
  }

  @Test
  void tombstonesStayNull() {
    Headers headers = new RecordHeaders();

    assertNull(serializer.serialize(Topics.STATE, headers, null));
    assertEquals(0, headers.toArray().length);
    assertNull(deserializer.deserialize(Topics.STATE, headers, (byte[]) null));
  }

  @Test
  void anInvalidRecordFailsWithTheReasonSoItCanBeDeadLettered() {
    byte[] broken =
        new EventCodec()
            .encodeToString(STATE)
            .replace("\"gke\":75", "\"gke\":65")
            .getBytes(StandardCharsets.UTF_8);

    SerializationException e =
        assertThrows(
            SerializationException.class,
            () -> deserializer.deserialize(Topics.STATE, new RecordHeaders(), broken));

    assertEquals(
        "data.routing: weights must sum to 100 but sum to 90 (desktop=25, gke=65)", e.getMessage());
    assertInstanceOf(InvalidEventException.class, e.getCause());
  }
}
