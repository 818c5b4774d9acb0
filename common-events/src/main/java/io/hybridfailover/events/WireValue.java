package io.hybridfailover.events;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * An enum of the contract, written on the wire as {@link #wireName()}: the constant's name unless
 * the contract spells it differently (lower case, hyphens).
 */
interface WireValue {

  /** The exact string the contract uses for this value. */
  default String wireName() {
    return ((Enum<?>) this).name();
  }

  /**
   * The constant of {@code type} whose wire name is {@code text}.
   *
   * @throws IllegalArgumentException naming the allowed values, e.g. {@code must be one of [UP,
   *     DOWN] but was "SIDEWAYS"}
   */
  static <E extends Enum<E> & WireValue> E parse(Class<E> type, String text) {
    for (E constant : type.getEnumConstants()) {
      if (constant.wireName().equals(text)) {
        return constant;
      }
    }
    throw new IllegalArgumentException(
        "must be one of " + allowed(type) + " but was " + Require.quote(text));
  }

  /** The allowed wire names, in declaration order, e.g. {@code [UP, DOWN]}. */
  static <E extends Enum<E> & WireValue> String allowed(Class<E> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(WireValue::wireName)
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
