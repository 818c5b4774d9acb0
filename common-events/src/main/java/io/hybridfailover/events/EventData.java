package io.hybridfailover.events;

import java.time.Instant;

/**
 * The {@code data} of one of the contract's events. Sealed: the set of event types is the contract,
 * and a new one is a new version of it.
 */
public sealed interface EventData
    permits Observation, Transition, Command, ActuationResult, FailoverState, OperatorOverride {

  /** The service id the fact is about ({@code "*"} for all services, where allowed). */
  String service();

  /** When the fact happened; the envelope's {@code time} defaults to it. */
  Instant time();
}
