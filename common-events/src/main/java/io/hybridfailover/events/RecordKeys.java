package io.hybridfailover.events;

import java.util.Objects;

/**
 * The Kafka record key of each topic. Keys decide partitioning, so all events about one target stay
 * in order: {@code <service>@<cluster>} for observations and transitions, {@code <service>} for
 * everything else, {@code *} for an override of all services.
 */
public final class RecordKeys {

  /** The service id (and key) of an override that applies to every service. */
  public static final String ALL_SERVICES = "*";

  private RecordKeys() {}

  /** The key of observations and transitions: {@code shop/web@desktop}. */
  public static String observation(String service, String cluster) {
    return Objects.requireNonNull(service, "service")
        + "@"
        + Objects.requireNonNull(cluster, "cluster");
  }

  /** The key of observations and transitions: {@code shop/web@desktop}. */
  public static String observation(String service, Cluster cluster) {
    return observation(service, Objects.requireNonNull(cluster, "cluster").wireName());
  }

  /**
   * The key of commands, results, state and overrides: the service id itself, or {@code *}.
   *
   * @throws InvalidEventException if {@code service} is neither a service id nor {@code *}
   */
  public static String service(String service) {
    return Require.serviceIdOrAll(service, "service");
  }

  /** The key to publish {@code event} with, from its data. */
  public static String keyFor(Event<?> event) {
    return keyFor(event.data());
  }

  /** The key to publish an event carrying {@code data} with. */
  public static String keyFor(EventData data) {
    if (data instanceof Observation observation) {
      return observation(observation.service(), observation.cluster());
    }
    if (data instanceof Transition transition) {
      return observation(transition.service(), transition.cluster());
    }
    return service(data.service());
  }
}
