package io.hybridfailover.decider;

import io.hybridfailover.decider.core.ServiceState;

/** Told about every service state the decider holds: after restore, and after every change. */
@FunctionalInterface
public interface DecisionListener {

  void stateChanged(ServiceState state);
}
