package io.hybridfailover.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Records a consumer must dead-letter, each with a message that says what is wrong. */
class MalformedRecordTest {

  private final EventCodec codec = new EventCodec();

  @Test
  void notJson() {
    String message = rejection("shop/web is DOWN");

    assertTrue(message.startsWith("not JSON: Unrecognized token 'shop'"), message);
  }

  @Test
  void truncatedJson() {
    String json = codec.encodeToString(Examples.command());

    String message = rejection(json.substring(0, json.length() - 10));

    assertTrue(message.startsWith("not JSON: Unexpected end-of-input"), message);
  }

  @Test
  void twoEventsInOneRecord() {
    String json = codec.encodeToString(Examples.command());

    String message = rejection(json + json);

    assertTrue(message.startsWith("not JSON: Trailing token"), message);
  }

  @Test
  void duplicateAttribute() {
    String json =
        codec
            .encodeToString(Examples.command())
            .replace("{\"specversion\"", "{\"id\":\"x\",\"specversion\"");

    String message = rejection(json);

    assertTrue(message.startsWith("not JSON: Duplicate field 'id'"), message);
  }

  @Test
  void emptyRecord() {
    assertEquals("not JSON: the record is empty", rejection(""));
  }

  @Test
  void notAnObject() {
    assertEquals("record: must be a JSON object but was [1,2]", rejection("[1,2]"));
  }

  @Test
  void missingData() {
    String json = codec.encodeToString(Examples.command());

    assertEquals("data is required", rejection(json.substring(0, json.indexOf(",\"data\"")) + "}"));
  }

  @Test
  void weightsSummingTo90() {
    String json = codec.encodeToString(Examples.command()).replace("\"gke\":100", "\"gke\":90");

    assertEquals(
        "data.routing: weights must sum to 100 but sum to 90 (desktop=0, gke=90)", rejection(json));
  }

  @Test
  void recordOf70KiB() {
    String json =
        codec
            .encodeToString(Examples.observation())
            .replace("connect timeout after 1000 ms", "x".repeat(70 * 1024));
    int size = json.getBytes(StandardCharsets.UTF_8).length;

    assertEquals("record is " + size + " bytes, over the 65536-byte limit", rejection(json));
  }

  @Test
  void aRecordOfExactlyTheLimitIsAccepted() {
    String json = codec.encodeToString(Examples.observation());
    int padding = EventCodec.MAX_RECORD_BYTES - json.getBytes(StandardCharsets.UTF_8).length;
    String padded = json.replace("connect timeout", "connect" + " ".repeat(padding) + " timeout");

    assertEquals(EventCodec.MAX_RECORD_BYTES, padded.getBytes(StandardCharsets.UTF_8).length);
    assertEquals(Examples.observation().id(), codec.decode(padded).id());
  }

  private String rejection(String record) {
    byte[] bytes = record.getBytes(StandardCharsets.UTF_8);
    return assertThrows(InvalidEventException.class, () -> codec.decode(bytes)).getMessage();
  }
}
