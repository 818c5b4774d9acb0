package io.hybridfailover.prober.publish;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while observations cannot be published: a prober whose votes never reach the decider
 * must not count as a working replica. Liveness is unaffected, so it is not restarted and keeps
 * probing.
 */
@Readiness
@ApplicationScoped
public class PublishingReadinessCheck implements HealthCheck {

  public static final String NAME = "observation-publishing";

  private final ObservationPublisher publisher;

  PublishingReadinessCheck(ObservationPublisher publisher) {
    this.publisher = publisher;
  }

  @Override
  public HealthCheckResponse call() {
    PublishPipeline.Status status = publisher.status();
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named(NAME)
            .status(status.available())
            .withData("buffered", status.buffered())
            .withData("capacity", status.capacity())
            .withData("dropped", status.dropped())
            .withData("failures", status.failures());
    if (status.lastError() != null) {
      response.withData("lastError", status.lastError());
    }
    return response.build();
  }
}
