package io.hybridfailover.prober;

import io.hybridfailover.events.Event;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.RecordKeys;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Publishes observations as contract events, keyed {@code <service>@<cluster>}. */
@ApplicationScoped
public class ObservationPublisher {

  private final Emitter<Record<String, Event<Observation>>> emitter;
  private final String source;

  ObservationPublisher(
      @Channel(ProberChannels.OBSERVATIONS) Emitter<Record<String, Event<Observation>>> emitter,
      ProberConfig config) {
    this.emitter = emitter;
    this.source = "/health-prober/" + config.id();
  }

  /** Completes when the broker has acknowledged the record (acks=all). */
  public CompletionStage<Void> publish(Observation observation) {
    Event<Observation> event = Event.of(source, observation);
    return emitter.send(Record.of(RecordKeys.keyFor(event), event));
  }
}
