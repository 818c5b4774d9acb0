package io.hybridfailover.prober.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NewestBufferTest {

  @Test
  void keepsTheNewestAndCountsWhatItDrops() {
    NewestBuffer<String> buffer = new NewestBuffer<>(3);
    for (String item : List.of("a", "b", "c", "d", "e")) {
      buffer.add(item);
    }

    assertEquals(3, buffer.size());
    assertEquals(2, buffer.dropped());
    assertEquals(List.of("c", "d", "e"), drain(buffer));
  }

  @Test
  void anItemPutBackReturnsToItsPlace() {
    NewestBuffer<String> buffer = new NewestBuffer<>(5);
    buffer.add("a");
    buffer.add("b");
    NewestBuffer.Entry<String> a = buffer.poll();
    NewestBuffer.Entry<String> b = buffer.poll();
    buffer.add("c");

    buffer.putBack(b);
    buffer.putBack(a);

    assertEquals(List.of("a", "b", "c"), drain(buffer));
  }

  @Test
  void anItemPutBackIntoAFullBufferOfNewerItemsIsDropped() {
    NewestBuffer<String> buffer = new NewestBuffer<>(2);
    buffer.add("old");
    NewestBuffer.Entry<String> old = buffer.poll();
    buffer.add("new1");
    buffer.add("new2");

    buffer.putBack(old);

    assertEquals(List.of("new1", "new2"), drain(buffer));
    assertEquals(1, buffer.dropped());
  }

  @Test
  void anEmptyBufferPollsNull() {
    assertNull(new NewestBuffer<String>(1).poll());
  }

  @Test
  void aCapacityBelowOneNamesTheKey() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> new NewestBuffer<String>(0));

    assertEquals(
        "hybrid.prober.publish.buffer-size: must be at least 1 but was 0", error.getMessage());
  }

  private static List<String> drain(NewestBuffer<String> buffer) {
    List<String> items = new ArrayList<>();
    for (NewestBuffer.Entry<String> entry = buffer.poll(); entry != null; entry = buffer.poll()) {
      items.add(entry.item());
    }
    return items;
  }
}
