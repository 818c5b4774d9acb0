package io.hybridfailover.decider.core;

import io.hybridfailover.events.Event;
import io.hybridfailover.events.OperatorOverride;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The fleet's states in memory, sorted by service id so that ticks visit services in a stable
 * order: what the replay tool and tests use where the service uses Kafka Streams' stores.
 */
public final class InMemoryStore implements Fleet.Store {

  private final Map<String, ServiceState> states = new TreeMap<>();
  private Event<OperatorOverride> standing;

  @Override
  public Optional<ServiceState> get(String service) {
    return Optional.ofNullable(states.get(service));
  }

  @Override
  public void put(ServiceState state) {
    states.put(state.service(), state);
  }

  @Override
  public List<ServiceState> all() {
    return List.copyOf(states.values());
  }

  @Override
  public Optional<Event<OperatorOverride>> standingOverride() {
    return Optional.ofNullable(standing);
  }

  @Override
  public void standingOverride(Event<OperatorOverride> override) {
    standing = override;
  }
}
