package io.hybridfailover.decider.core;

import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Check;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventData;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.RecordKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The decider for every service at once: routes each input event to its service's state, fans an
 * override for all services ({@code *}) out to every known service and keeps it standing for
 * services first seen later, and ticks them all. Where the states live is the caller's choice (a
 * Kafka Streams store in the service, a map in the replay tool), so both decide alike.
 */
public final class Fleet {

  /** Where the fleet keeps its states and the standing override for all services. */
  public interface Store {

    Optional<ServiceState> get(String service);

    void put(ServiceState state);

    /** Every state, in a stable order (by service id), so that ticks are deterministic. */
    List<ServiceState> all();

    Optional<Event<OperatorOverride>> standingOverride();

    void standingOverride(Event<OperatorOverride> override);
  }

  private final Decider decider;
  private final Store store;

  public Fleet(Decider decider, Store store) {
    this.decider = decider;
    this.store = store;
  }

  /**
   * Decides on one input. Observations, overrides and actuation results are inputs; other event
   * types decide nothing and return no decision. The Karmada Cluster signal (an observation of
   * check {@code karmada-cluster}) reaches every known service; a service first seen later learns
   * it from the prober's next republish.
   *
   * @throws RuntimeException if the core cannot apply the input (e.g. {@link
   *     UnusableInputException}); states already put by this call are the caller's to discard
   */
  @SuppressWarnings("unchecked")
  public List<Decision> onEvent(Event<?> event, Instant now) {
    EventData data = event.data();
    if (data instanceof Observation observation
        && observation.check() == Check.KARMADA_CLUSTER
        && RecordKeys.ALL_SERVICES.equals(data.service())) {
      List<Decision> decisions = new ArrayList<>();
      for (ServiceState state : store.all()) {
        decisions.add(apply(state, decider.onObservation(state, (Event<Observation>) event, now)));
      }
      return decisions;
    }
    if (data instanceof OperatorOverride && RecordKeys.ALL_SERVICES.equals(data.service())) {
      Event<OperatorOverride> override = (Event<OperatorOverride>) event;
      if (!override.data().practice()) {
        // A practice run for all is refused service by service; it never stands for later ones.
        store.standingOverride(override);
      }
      List<Decision> decisions = new ArrayList<>();
      for (ServiceState state : store.all()) {
        decisions.add(apply(state, decider.onOverride(state, override, now)));
      }
      return decisions;
    }
    if (RecordKeys.ALL_SERVICES.equals(data.service())) {
      return List.of();
    }
    List<Decision> decisions = new ArrayList<>();
    ServiceState state = load(data.service(), now, decisions);
    if (data instanceof Observation) {
      decisions.add(apply(state, decider.onObservation(state, (Event<Observation>) event, now)));
    } else if (data instanceof OperatorOverride) {
      decisions.add(apply(state, decider.onOverride(state, (Event<OperatorOverride>) event, now)));
    } else if (data instanceof ActuationResult) {
      decisions.add(apply(state, decider.onResult(state, (Event<ActuationResult>) event, now)));
    }
    return decisions;
  }

  /** Lets time pass for every known service; an exception stops the tick. */
  public List<Decision> onTick(Instant now) {
    return onTick(
        now,
        (service, e) -> {
          throw e;
        });
  }

  /**
   * Lets time pass for every known service. A service whose tick throws keeps its state and is
   * reported to {@code failed}; the others are still ticked, so no single state can stop the
   * decider deciding for the rest.
   */
  public List<Decision> onTick(Instant now, BiConsumer<String, RuntimeException> failed) {
    List<Decision> decisions = new ArrayList<>();
    for (ServiceState state : store.all()) {
      Decision decision;
      try {
        decision = decider.onTick(state, now);
      } catch (RuntimeException e) {
        failed.accept(state.service(), e);
        continue;
      }
      decisions.add(apply(state, decision));
    }
    return decisions;
  }

  /**
   * A service seen for the first time starts in its initial state, under the standing override for
   * all services if there is one (its decision goes first in {@code decisions}).
   */
  private ServiceState load(String service, Instant now, List<Decision> decisions) {
    Optional<ServiceState> stored = store.get(service);
    if (stored.isPresent()) {
      return stored.get();
    }
    ServiceState initial = ServiceState.initial(service);
    Optional<Event<OperatorOverride>> standing = store.standingOverride();
    if (standing.isEmpty() || expired(standing.get().data(), now)) {
      return initial; // an override for all that has ended by itself holds no one seen later
    }
    Decision underOverride = apply(initial, decider.onOverride(initial, standing.get(), now));
    decisions.add(underOverride);
    return underOverride.serviceState();
  }

  private static boolean expired(OperatorOverride override, Instant now) {
    return override.expiresAt() != null && !now.isBefore(override.expiresAt());
  }

  private Decision apply(ServiceState before, Decision decision) {
    ServiceState after = decision.serviceState();
    if (!after.equals(before) || store.get(after.service()).isEmpty()) {
      store.put(after);
    }
    return decision;
  }
}
