package io.hybridfailover.catalog;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads an enum by the Kubernetes kind it stands for, exactly as people write it. */
final class NamedKinds {

  private NamedKinds() {}

  /**
   * @throws IllegalArgumentException listing the kinds there are; SmallRye Config puts the key in
   *     front of it
   */
  static <E extends Enum<E>> E parse(String value, E[] kinds, Function<E, String> name) {
    String text = value.trim();
    return Arrays.stream(kinds)
        .filter(kind -> name.apply(kind).equals(text))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "must be one of "
                        + Arrays.stream(kinds).map(name).collect(Collectors.joining(", "))
                        + " but was \""
                        + value
                        + "\""));
  }
}
