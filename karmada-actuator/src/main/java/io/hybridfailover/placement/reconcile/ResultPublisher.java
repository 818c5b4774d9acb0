package io.hybridfailover.placement.reconcile;

import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.RecordKeys;
import io.hybridfailover.placement.ActuatorConfig;
import io.hybridfailover.placement.KarmadaActuatorChannels;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Publishes one actuation result per command (and per drift correction). */
@ApplicationScoped
public class ResultPublisher {

  public static final String ACTUATOR = "karmada-actuator";

  private final Emitter<Record<String, Event<ActuationResult>>> results;
  private final String source;

  ResultPublisher(
      @Channel(KarmadaActuatorChannels.RESULTS)
          Emitter<Record<String, Event<ActuationResult>>> results,
      ActuatorConfig config) {
    this.results = results;
    this.source = "/" + ACTUATOR + "/" + config.instanceId();
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
    ActuationResult result =
        new ActuationResult(
            commandId,
            service,
            epoch,
            ACTUATOR,
            outcome,
            resource,
            Math.max(1, attempt),
            detail,
            Instant.now());
    Event<ActuationResult> event = Event.of(source, result);
    return results.send(Record.of(RecordKeys.keyFor(event), event));
  }
}
