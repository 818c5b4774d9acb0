package io.hybridfailover.decider.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesTest {

  @Test
  void aLineThatIsNotUtf8IsReportedAndTheLinesAfterItAreRead() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write("{\"a\":\"é\"}\n".getBytes(StandardCharsets.UTF_8));
    bytes.write(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}', '\n'});
    bytes.write("third\r\nlast without newline".getBytes(StandardCharsets.UTF_8));

    List<JsonLines.Line> lines = new ArrayList<>();
    new JsonLines(new ByteArrayInputStream(bytes.toByteArray())).forEachRemaining(lines::add);

    assertEquals(4, lines.size());
    assertEquals("{\"a\":\"é\"}", lines.get(0).text());
    assertFalse(lines.get(1).decoded());
    assertNull(lines.get(1).text());
    assertTrue(lines.get(1).error().contains("not UTF-8"));
    assertEquals(2, lines.get(1).number());
    assertEquals("third", lines.get(2).text());
    assertEquals("last without newline", lines.get(3).text());
    assertEquals(4, lines.get(3).number());
  }

  @Test
  void aLineLongerThanTheLimitIsReportedWithoutBeingHeld() {
    byte[] bytes =
        ("x".repeat(JsonLines.MAX_LINE_BYTES + 10) + "\nshort\n").getBytes(StandardCharsets.UTF_8);

    JsonLines lines = new JsonLines(new ByteArrayInputStream(bytes));

    JsonLines.Line tooLong = lines.next();
    assertFalse(tooLong.decoded());
    assertTrue(tooLong.error().startsWith("longer than"), tooLong.error());
    JsonLines.Line next = lines.next();
    assertEquals("short", next.text());
    assertEquals(2, next.number());
  }

  @Test
  void aLineLongerThanTheReadBufferIsReadWhole() {
    String longLine = "x".repeat(200_000);
    byte[] bytes = (longLine + "\nshort\n").getBytes(StandardCharsets.UTF_8);

    JsonLines lines = new JsonLines(new ByteArrayInputStream(bytes));

    assertEquals(longLine, lines.next().text());
    assertEquals("short", lines.next().text());
    assertFalse(lines.hasNext());
  }
}
