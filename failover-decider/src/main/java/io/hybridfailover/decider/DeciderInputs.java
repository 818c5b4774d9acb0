package io.hybridfailover.decider;

import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.EventData;
import io.hybridfailover.events.EventType;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.Override;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads the decider's input topics and counts each valid event in {@code
 * hybrid_decider_events_received_total{type}}. A record that is not a valid contract event of the
 * topic's type makes the handler throw: the channel's dead-letter-queue strategy then copies the
 * record, unchanged, to {@code <topic>.dlq} with the reason in the {@code dead-letter-reason}
 * header, and consumption goes on.
 *
 * <p>The decision core is not wired in yet; until it is, the decider decides nothing and emits no
 * command.
 */
@ApplicationScoped
public class DeciderInputs {

  private final EventCodec codec = new EventCodec();
  private final MeterRegistry meters;

  DeciderInputs(MeterRegistry meters) {
    this.meters = meters;
  }

  @Incoming(DeciderChannels.OBSERVATIONS)
  public void onObservation(byte[] record) {
    received(Observation.class, record);
  }

  @Incoming(DeciderChannels.OVERRIDES)
  public void onOverride(byte[] record) {
    received(Override.class, record);
  }

  @Incoming(DeciderChannels.RESULTS)
  public void onResult(byte[] record) {
    received(ActuationResult.class, record);
  }

  private void received(Class<? extends EventData> expected, byte[] record) {
    codec.decode(record, expected);
    meters
        .counter("hybrid.decider.events.received", "type", EventType.of(expected).type())
        .increment();
  }
}
