package io.hybridfailover.actuation;

import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.EventCodec;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Commands arriving: decoded (a bad record is nacked to the dead-letter topic), remembered as the
 * newest for their service, handed to the service's lane ({@link ServiceLanes}), reconciled or
 * refused there, and acknowledged once answered.
 */
final class CommandIntake<T extends Target, A> {

  private static final Set<ActuationOutcome> ALL = EnumSet.allOf(ActuationOutcome.class);

  private final Actuator<T, A> actuator;
  private final NewestCommands newest;
  private final ServiceLanes lanes;
  private final Reconciler<T, A> reconciler;
  private final ResultPublisher results;
  private final EventCodec codec = new EventCodec();

  CommandIntake(
      Actuator<T, A> actuator,
      NewestCommands newest,
      ServiceLanes lanes,
      Reconciler<T, A> reconciler,
      ResultPublisher results) {
    this.actuator = actuator;
    this.newest = newest;
    this.lanes = lanes;
    this.reconciler = reconciler;
    this.results = results;
  }

  /** See {@link ReconcileLoop#onCommand}. */
  CompletionStage<Void> onCommand(Message<byte[]> message) {
    // Said in the result (commandReceivedAt): the wait for the command, told from the write.
    Instant received = Instant.now();
    Command command;
    try {
      command = codec.decode(message.getPayload(), Command.class).data();
    } catch (RuntimeException e) {
      return message.nack(e);
    }
    newest.offer(command);
    lanes.submit(command.service(), () -> handle(command, received, message));
    return CompletableFuture.completedFuture(null);
  }

  /**
   * On the service's lane, with the command's log fields set: reconcile (or refuse) the command,
   * and acknowledge it when answered.
   */
  private void handle(Command command, Instant received, Message<byte[]> message) {
    CompletionStage<Void> published;
    try (CommandLogFields fields =
        CommandLogFields.of(command.service(), command.epoch(), command.commandId())) {
      published =
          actuator
              .target(command.service())
              .map(
                  target ->
                      reconciler
                          .reconcile(
                              target,
                              reconciler.asked(command, command.dryRun(), received),
                              "",
                              ALL)
                          .published())
              .orElseGet(
                  () -> results.refuse(command, actuator.notTargeted(command.service()), received));
    } catch (RuntimeException e) {
      published = CompletableFuture.failedFuture(e);
    }
    // A confirmation runs on after the lane moves to the service's next command.
    published.whenComplete(
        (ok, failure) -> {
          if (failure == null) {
            message.ack();
          } else {
            message.nack(failure);
          }
        });
  }
}
