package io.hybridfailover.traffic.routing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.hybridfailover.actuation.Ownership;
import io.hybridfailover.events.Routing;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The routing an object was last written with ({@code desktop=0,gke=100}), next to the epoch and
 * command id: the object carries its own desired state, so drift is corrected from the object
 * alone, also after a restart of the switcher.
 */
public final class RoutingAnnotation {

  public static final String ROUTING_ANNOTATION = "hybrid-failover.io/routing";

  private static final Pattern ROUTING = Pattern.compile("desktop=(\\d{1,3}),gke=(\\d{1,3})");

  private RoutingAnnotation() {}

  /** Epoch, command and routing an object was last written with. */
  public record WrittenState(long epoch, String commandId, Routing routing) {}

  static Map<String, String> of(Routing routing) {
    return Map.of(ROUTING_ANNOTATION, "desktop=" + routing.desktop() + ",gke=" + routing.gke());
  }

  /** What the object was last written for, if it carries a readable record of it. */
  public static Optional<WrittenState> writtenState(GenericKubernetesResource object) {
    OptionalLong epoch = Ownership.epochOf(object);
    Optional<String> commandId = Ownership.commandIdOf(object);
    Matcher routing =
        ROUTING.matcher(
            Ownership.annotations(object).getOrDefault(ROUTING_ANNOTATION, "").replace(" ", ""));
    if (epoch.isEmpty() || commandId.isEmpty() || !routing.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new WrittenState(
              epoch.getAsLong(),
              commandId.get(),
              new Routing(Integer.parseInt(routing.group(1)), Integer.parseInt(routing.group(2)))));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
