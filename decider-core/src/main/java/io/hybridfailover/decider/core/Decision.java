package io.hybridfailover.decider.core;

import io.hybridfailover.events.Command;
import io.hybridfailover.events.FailoverState;
import io.hybridfailover.events.Transition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one input made the decider do. Publish in this order: {@code transitions}, then {@code
 * commands}, then {@code state}; then keep {@code serviceState} for the next input.
 *
 * @param serviceState the service's state after the input
 * @param transitions verdict changes and alerts, in the order they happened
 * @param commands desired states for the actuators, in epoch order (at most one per input)
 * @param state the state event, present whenever mode, epoch, routing, placement, frozen or health
 *     changed
 */
public record Decision(
    ServiceState serviceState,
    List<Transition> transitions,
    List<Command> commands,
    Optional<FailoverState> state) {

  public Decision {
    Objects.requireNonNull(serviceState, "serviceState");
    transitions = List.copyOf(transitions);
    commands = List.copyOf(commands);
    Objects.requireNonNull(state, "state");
  }

  /** Nothing happened: the state is kept as it was and nothing is published. */
  static Decision unchanged(ServiceState serviceState) {
    return new Decision(serviceState, List.of(), List.of(), Optional.empty());
  }
}
