package io.hybridfailover.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The contract's field rules, shared by the records' compact constructors so that an invalid event
 * cannot even be built. Every message starts with the field's name.
 */
final class Require {

  /** Earliest and latest instants that RFC 3339's four-digit year can express. */
  private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");

  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

  /**
   * {@code <namespace>/<name>}: a Kubernetes namespace (DNS-1123 label) and object name (DNS-1123
   * subdomain).
   */
  private static final Pattern SERVICE_ID =
      Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?/[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

  private Require() {}

  static <T> T present(T value, String field) {
    if (value == null) {
      throw new InvalidEventException(field + " is required");
    }
    return value;
  }

  static String text(String value, String field) {
    if (present(value, field).isBlank()) {
      throw new InvalidEventException(field + ": must not be blank");
    }
    return value;
  }

  /** Optional text: absent is fine, but present text must say something. */
  static String optionalText(String value, String field) {
    return value == null ? null : text(value, field);
  }

  static String serviceId(String value, String field) {
    if (!SERVICE_ID.matcher(present(value, field)).matches()) {
      throw new InvalidEventException(
          field + ": must be a service id \"<namespace>/<name>\" but was " + quote(value));
    }
    return value;
  }

  /** A service id, or {@link RecordKeys#ALL_SERVICES} where the contract allows "every service". */
  static String serviceIdOrAll(String value, String field) {
    if (RecordKeys.ALL_SERVICES.equals(value)) {
      return value;
    }
    if (!SERVICE_ID.matcher(present(value, field)).matches()) {
      throw new InvalidEventException(
          field + ": must be a service id \"<namespace>/<name>\" or \"*\" but was " + quote(value));
    }
    return value;
  }

  static long atLeast(long value, long min, String field) {
    if (value < min) {
      throw new InvalidEventException(field + ": must be >= " + min + " but was " + value);
    }
    return value;
  }

  static int between(int value, int min, int max, String field) {
    if (value < min || value > max) {
      throw new InvalidEventException(
          field + ": must be between " + min + " and " + max + " but was " + value);
    }
    return value;
  }

  /**
   * A timestamp the contract can carry: RFC 3339 has a four-digit year and the wire format has
   * millisecond precision, so the instant is truncated to milliseconds here. That keeps {@code
   * decode(encode(e)).equals(e)} true for every event that can be built.
   */
  static Instant timestamp(Instant value, String field) {
    present(value, field);
    if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
      throw new InvalidEventException(
          field + ": must be between years 0000 and 9999 but was " + value);
    }
    return value.truncatedTo(ChronoUnit.MILLIS);
  }

  /** An unmodifiable copy; {@code null} means empty. Elements must be non-blank text. */
  static List<String> textList(List<String> values, String field) {
    if (values == null) {
      return List.of();
    }
    for (int i = 0; i < values.size(); i++) {
      text(values.get(i), field + "[" + i + "]");
    }
    return List.copyOf(values);
  }

  /**
   * An unmodifiable copy sorted by key, so that it serializes in the same order every time; {@code
   * null} means empty.
   */
  static <V> Map<String, V> sortedMap(Map<String, V> values, String field) {
    if (values == null) {
      return Map.of();
    }
    TreeMap<String, V> copy = new TreeMap<>();
    for (Map.Entry<String, V> entry : values.entrySet()) {
      if (entry.getKey() == null || entry.getKey().isBlank()) {
        throw new InvalidEventException(field + ": keys must not be blank");
      }
      copy.put(entry.getKey(), present(entry.getValue(), field + "." + entry.getKey()));
    }
    return Collections.unmodifiableMap(copy);
  }

  /** A JSON-ish rendering of a rejected value, cut short so a message stays readable. */
  static String quote(String value) {
    if (value == null) {
      return "null";
    }
    String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
    return "\"" + shown + "\"";
  }
}
