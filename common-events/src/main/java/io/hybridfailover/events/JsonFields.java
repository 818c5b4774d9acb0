package io.hybridfailover.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Typed, strict access to the fields of one JSON object, with errors that name the field's path.
 * Absent and {@code null} are the same; values are never coerced (a quoted number is not a number).
 * Unknown fields are ignored: readers must tolerate fields added to the contract.
 */
final class JsonFields {

  private static final int SHOWN_VALUE_CHARS = 80;

  private final JsonNode object;
  private final String path;

  private JsonFields(JsonNode object, String path) {
    this.object = object;
    this.path = path;
  }

  /**
   * The fields of {@code node}, reported under {@code path} ({@code ""} for the root).
   *
   * @throws InvalidEventException if {@code node} is not a JSON object
   */
  static JsonFields of(JsonNode node, String path) {
    if (!node.isObject()) {
      throw new InvalidEventException(
          (path.isEmpty() ? "record" : path) + ": must be a JSON object but was " + show(node));
    }
    return new JsonFields(node, path);
  }

  /**
   * The same fields, with paths relative to this object: for a reader whose caller reports its
   * errors under this object's path.
   */
  JsonFields relative() {
    return new JsonFields(object, "");
  }

  boolean has(String name) {
    JsonNode node = object.get(name);
    return node != null && !node.isNull();
  }

  String text(String name) {
    return textOf(required(name), name);
  }

  String optionalText(String name) {
    return has(name) ? text(name) : null;
  }

  long integer(String name) {
    JsonNode node = required(name);
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw invalid(name, "must be an integer but was " + show(node));
    }
    return node.longValue();
  }

  Long optionalInteger(String name) {
    return has(name) ? integer(name) : null;
  }

  int smallInteger(String name) {
    JsonNode node = required(name);
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw invalid(name, "must be a 32-bit integer but was " + show(node));
    }
    return node.intValue();
  }

  boolean bool(String name) {
    JsonNode node = required(name);
    if (!node.isBoolean()) {
      throw invalid(name, "must be true or false but was " + show(node));
    }
    return node.booleanValue();
  }

  Instant timestamp(String name) {
    JsonNode node = required(name);
    if (!node.isTextual()) {
      throw invalid(name, "must be an RFC 3339 UTC timestamp but was " + show(node));
    }
    try {
      return Timestamps.parse(node.textValue());
    } catch (IllegalArgumentException e) {
      throw invalid(name, e.getMessage());
    }
  }

  Instant optionalTimestamp(String name) {
    return has(name) ? timestamp(name) : null;
  }

  <E extends Enum<E> & WireValue> E enumValue(String name, Class<E> type) {
    return enumOf(required(name), name, type);
  }

  JsonFields object(String name) {
    return of(required(name), pathOf(name));
  }

  /** An optional array of strings; absent means empty. */
  List<String> optionalTextList(String name) {
    if (!has(name)) {
      return List.of();
    }
    JsonNode node = object.get(name);
    if (!node.isArray()) {
      throw invalid(name, "must be an array of strings but was " + show(node));
    }
    List<String> values = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      values.add(textOf(node.get(i), name + "[" + i + "]"));
    }
    return values;
  }

  /**
   * An object whose values are all constants of {@code valueType}, keyed as {@code keyParser} says.
   *
   * @param keyParser turns a key into the map's key; throws {@link IllegalArgumentException} for an
   *     unknown key
   */
  <K, E extends Enum<E> & WireValue> Map<K, E> enumMap(
      String name, Function<String, K> keyParser, Class<E> valueType, Map<K, E> into) {
    JsonFields entries = object(name);
    for (Map.Entry<String, JsonNode> field : entries.object.properties()) {
      K key;
      try {
        key = keyParser.apply(field.getKey());
      } catch (IllegalArgumentException e) {
        throw invalid(name, "keys " + e.getMessage());
      }
      into.put(key, entries.enumOf(field.getValue(), field.getKey(), valueType));
    }
    return into;
  }

  private <E extends Enum<E> & WireValue> E enumOf(JsonNode node, String name, Class<E> type) {
    if (node == null || node.isNull()) {
      throw new InvalidEventException(pathOf(name) + " is required");
    }
    if (!node.isTextual()) {
      throw invalid(name, "must be one of " + WireValue.allowed(type) + " but was " + show(node));
    }
    try {
      return WireValue.parse(type, node.textValue());
    } catch (IllegalArgumentException e) {
      throw invalid(name, e.getMessage());
    }
  }

  private String textOf(JsonNode node, String name) {
    if (node == null || node.isNull()) {
      throw new InvalidEventException(pathOf(name) + " is required");
    }
    if (!node.isTextual()) {
      throw invalid(name, "must be a string but was " + show(node));
    }
    return node.textValue();
  }

  private JsonNode required(String name) {
    if (!has(name)) {
      throw new InvalidEventException(pathOf(name) + " is required");
    }
    return object.get(name);
  }

  private InvalidEventException invalid(String name, String problem) {
    return new InvalidEventException(pathOf(name) + ": " + problem);
  }

  private String pathOf(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** A rejected value as JSON, cut short so that a message stays readable. */
  private static String show(JsonNode node) {
    String json = node.toString();
    return json.length() > SHOWN_VALUE_CHARS ? json.substring(0, SHOWN_VALUE_CHARS) + "..." : json;
  }
}
