package io.hybridfailover.devstack.drill;

import java.util.ArrayList;
import java.util.List;

/**
 * The names of a local world's fleet ({@code ./demo --services N}): {@code shop/web} first, as in
 * every drill, then {@code <namespace>/svc-NNN} spread round-robin over a few namespaces.
 */
public final class FleetServices {

  /** The service every drill drills, and the only one of a world of one service. */
  public static final String PRIMARY = "shop/web";

  static final List<String> NAMESPACES = List.of("shop", "blog", "media", "home", "tools");

  private FleetServices() {}

  /** {@code size} service ids, {@link #PRIMARY} first. */
  public static List<String> ids(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("a fleet has at least one service, not " + size);
    }
    List<String> ids = new ArrayList<>(List.of(PRIMARY));
    for (int i = 2; i <= size; i++) {
      ids.add(String.format("%s/svc-%03d", NAMESPACES.get((i - 1) % NAMESPACES.size()), i));
    }
    return ids;
  }

  /** The one whose writes the API holds up in {@code fleet-stuck-write}: the last of the fleet. */
  public static String stuck(int size) {
    List<String> ids = ids(size);
    return ids.get(ids.size() - 1);
  }

  public static String namespace(String id) {
    return id.substring(0, id.indexOf('/'));
  }

  public static String name(String id) {
    return id.substring(id.indexOf('/') + 1);
  }
}
