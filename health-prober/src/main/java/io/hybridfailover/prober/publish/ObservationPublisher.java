package io.hybridfailover.prober.publish;

import io.hybridfailover.events.Event;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.RecordKeys;
import io.hybridfailover.prober.ProberChannels;
import io.hybridfailover.prober.ProberConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Publishes observations as contract events, keyed {@code <service>@<cluster>}, through a {@link
 * PublishPipeline}: probing never waits for Kafka, and while Kafka is unreachable the newest
 * observations wait in memory, readiness is DOWN, and the log says so once per outage.
 */
@ApplicationScoped
@Startup // a bad hybrid.prober.publish.buffer-size stops start-up, not the first publish
public class ObservationPublisher {

  /** Sends awaiting the broker's acknowledgement, below the Kafka sink's own in-flight limit. */
  static final int MAX_IN_FLIGHT = 256;

  public static final String FAILURES = "hybrid.prober.publish.failures";
  public static final String DROPPED = "hybrid.prober.publish.dropped";
  public static final String BUFFERED = "hybrid.prober.publish.buffered";

  private static final Logger LOG = Logger.getLogger(ObservationPublisher.class);

  private final Emitter<Record<String, Event<Observation>>> emitter;
  private final String source;
  private final PublishPipeline<Observation> pipeline;
  private final Counter failures;

  ObservationPublisher(
      @Channel(ProberChannels.OBSERVATIONS) Emitter<Record<String, Event<Observation>>> emitter,
      ProberConfig config,
      MeterRegistry registry) {
    this.emitter = emitter;
    this.source = "/health-prober/" + config.id();
    this.failures =
        Counter.builder(FAILURES)
            .description("Observations Kafka did not accept (each is kept for a retry)")
            .register(registry);
    this.pipeline =
        new PublishPipeline<>(
            config.publish().bufferSize(), MAX_IN_FLIGHT, this::send, new OutageLog());
    Gauge.builder(BUFFERED, pipeline, p -> p.status().buffered())
        .description("Observations waiting to be published")
        .register(registry);
    FunctionCounter.builder(DROPPED, pipeline, p -> p.status().dropped())
        .description("Observations dropped to keep the newest while Kafka was unreachable")
        .register(registry);
  }

  /** Queues {@code observation} for Kafka; returns at once. */
  public void publish(Observation observation) {
    pipeline.offer(observation);
  }

  public PublishPipeline.Status status() {
    return pipeline.status();
  }

  private CompletionStage<Void> send(Observation observation) {
    Event<Observation> event = Event.of(source, observation);
    CompletionStage<Void> sent;
    try {
      sent = emitter.send(Record.of(RecordKeys.keyFor(event), event));
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    return sent.whenComplete(
        (ok, error) -> {
          if (error != null) {
            failures.increment();
          }
        });
  }

  /** One line when Kafka becomes unreachable and one when it is back, never one per probe. */
  private static final class OutageLog implements PublishPipeline.Listener {

    @Override
    public void unavailable(Throwable cause, PublishPipeline.Status status) {
      LOG.warnf(
          "Cannot publish observations to Kafka (%s). Probing goes on; keeping the newest %d"
              + " observations in memory and reporting not ready until Kafka accepts them again.",
          cause.getMessage(), status.capacity());
    }

    @Override
    public void available(PublishPipeline.Status status) {
      LOG.infof(
          "Kafka accepts observations again: publishing %d buffered observations (%d dropped in"
              + " total while Kafka was unreachable).",
          status.buffered(), status.dropped());
    }
  }
}
