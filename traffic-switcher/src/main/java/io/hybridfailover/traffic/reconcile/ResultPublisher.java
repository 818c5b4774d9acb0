package io.hybridfailover.traffic.reconcile;

import io.hybridfailover.actuation.ResultEvents;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.RecordKeys;
import io.hybridfailover.traffic.SwitcherConfig;
import io.hybridfailover.traffic.TrafficSwitcherChannels;
import io.micrometer.core.instrument.Metrics;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Publishes one actuation result per command (and per drift correction). */
@ApplicationScoped
public class ResultPublisher {

  public static final String ACTUATOR = "traffic-switcher";

  private final Emitter<Record<String, Event<ActuationResult>>> results;
  private final ResultEvents events;

  ResultPublisher(
      @Channel(TrafficSwitcherChannels.RESULTS)
          Emitter<Record<String, Event<ActuationResult>>> results,
      SwitcherConfig config) {
    this.results = results;
    this.events = new ResultEvents(ACTUATOR, config.instanceId());
  }

  /** Completes once the broker has the result. */
  public CompletionStage<Void> publish(
      String commandId,
      String service,
      long epoch,
      ActuationOutcome outcome,
      String resource,
      int attempt,
      String detail) {
    Event<ActuationResult> event =
        events.of(commandId, service, epoch, outcome, resource, attempt, detail);
    Metrics.counter(
            "hybrid.actuator.results",
            "actuator",
            ACTUATOR,
            "service",
            service,
            "outcome",
            outcome.wireName())
        .increment();
    return results.send(Record.of(RecordKeys.keyFor(event), event));
  }
}
