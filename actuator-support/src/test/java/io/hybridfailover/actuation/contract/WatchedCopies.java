package io.hybridfailover.actuation.contract;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.hybridfailover.actuation.CatalogActuator;
import io.hybridfailover.actuation.Target;
import java.time.Duration;
import java.util.Optional;
import org.awaitility.Awaitility;

/**
 * Waits for an actuator's watch to have seen an object as a test left it, so that the test knows
 * which way its next write starts: from the watched copy, without a read.
 */
public final class WatchedCopies {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private WatchedCopies() {}

  /** Returns once the actuator's watched copy of the service's object is {@code current}. */
  public static <T extends Target, A> void awaitCurrent(
      CatalogActuator<T, A> actuator, String service, GenericKubernetesResource current) {
    T target = actuator.target(service).orElseThrow();
    String version = current.getMetadata().getResourceVersion();
    Awaitility.await()
        .atMost(PATIENCE)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5))
        .untilAsserted(
            () -> {
              Optional<String> watched =
                  actuator
                      .loop()
                      .watched(target)
                      .map(object -> object.getMetadata().getResourceVersion());
              if (watched.filter(version::equals).isEmpty()) {
                throw new AssertionError(
                    actuator.name()
                        + "'s watch never saw resourceVersion "
                        + version
                        + "; it has "
                        + watched);
              }
            });
  }
}
