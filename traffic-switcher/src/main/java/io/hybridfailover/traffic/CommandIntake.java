package io.hybridfailover.traffic;

import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.RecordKeys;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Answers every command with one result. No service is mapped to a TrafficSplit or HTTPRoute yet
 * (that needs the shared service list), and the actuator only touches objects it was given, so
 * every command is {@code REFUSED} with a reason that says so. A record that is not a valid command
 * makes the handler throw, and the dead-letter-queue strategy copies it to {@code <topic>.dlq} with
 * the reason.
 */
@ApplicationScoped
public class CommandIntake {

  static final String ACTUATOR = "traffic-switcher";

  private final EventCodec codec = new EventCodec();
  private final Emitter<Record<String, Event<ActuationResult>>> results;
  private final String source;

  CommandIntake(
      @Channel(TrafficSwitcherChannels.RESULTS)
          Emitter<Record<String, Event<ActuationResult>>> results,
      ActuatorConfig config) {
    this.results = results;
    this.source = "/" + ACTUATOR + "/" + config.instanceId();
  }

  /** The command is acknowledged only once its result is on the results topic. */
  @Incoming(TrafficSwitcherChannels.COMMANDS)
  public CompletionStage<Void> onCommand(byte[] record) {
    Command command = codec.decode(record, Command.class).data();
    ActuationResult result =
        new ActuationResult(
            command.commandId(),
            command.service(),
            command.epoch(),
            ACTUATOR,
            ActuationOutcome.REFUSED,
            "service " + command.service(),
            1,
            "no TrafficSplit or HTTPRoute is configured for "
                + command.service()
                + ": "
                + ACTUATOR
                + " changes only the objects it is given",
            Instant.now());
    Event<ActuationResult> event = Event.of(source, result);
    return results.send(Record.of(RecordKeys.keyFor(event), event));
  }
}
