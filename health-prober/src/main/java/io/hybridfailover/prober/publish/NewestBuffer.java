package io.hybridfailover.prober.publish;

import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps at most {@code capacity} items, the newest ones: adding to a full buffer drops the oldest.
 * Items taken out can be put back in their original place (a failed send), so order survives an
 * outage. Not thread-safe.
 *
 * @param <T> the item type
 */
final class NewestBuffer<T> {

  /** An item and its place in arrival order. */
  record Entry<T>(long sequence, T item) {}

  private final int capacity;
  private final TreeMap<Long, T> items = new TreeMap<>();
  private long nextSequence;
  private long dropped;

  /**
   * @throws IllegalArgumentException naming {@code hybrid.prober.publish.buffer-size} if {@code
   *     capacity < 1}
   */
  NewestBuffer(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException(
          "hybrid.prober.publish.buffer-size: must be at least 1 but was " + capacity);
    }
    this.capacity = capacity;
  }

  /** Adds the newest item, dropping the oldest one if the buffer is full. */
  void add(T item) {
    items.put(nextSequence++, item);
    trim();
  }

  /**
   * Puts back an item taken out earlier. It is dropped instead if the buffer is full of newer
   * items.
   */
  void putBack(Entry<T> entry) {
    items.put(entry.sequence(), entry.item());
    trim();
  }

  /** Takes out the oldest item, or returns {@code null} when empty. */
  Entry<T> poll() {
    Map.Entry<Long, T> oldest = items.pollFirstEntry();
    return oldest == null ? null : new Entry<>(oldest.getKey(), oldest.getValue());
  }

  int size() {
    return items.size();
  }

  int capacity() {
    return capacity;
  }

  /** How many items were dropped to keep the newest ones, ever. */
  long dropped() {
    return dropped;
  }

  private void trim() {
    while (items.size() > capacity) {
      items.pollFirstEntry();
      dropped++;
    }
  }
}
