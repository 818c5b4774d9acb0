package io.hybridfailover.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One probe of one service on one cluster by one prober.
 *
 * @param service the service id; {@code "*"} exactly when {@code check} is {@code karmada-cluster}
 * @param latencyMs how long the probe took, in milliseconds ({@code >= 0})
 * @param detail optional: what went wrong, for people
 * @param target optional: the URL or address probed
 */
public record Observation(
    String service,
    Cluster cluster,
    Check check,
    String prober,
    Outcome outcome,
    long latencyMs,
    @JsonInclude(JsonInclude.Include.NON_NULL) String detail,
    @JsonInclude(JsonInclude.Include.NON_NULL) String target,
    Instant observedAt)
    implements EventData {

  public Observation {
    Require.present(check, "check");
    if (check == Check.KARMADA_CLUSTER) {
      if (!RecordKeys.ALL_SERVICES.equals(service)) {
        throw new InvalidEventException(
            "service: must be \"*\" for check karmada-cluster but was " + Require.quote(service));
      }
    } else {
      Require.serviceId(service, "service");
    }
    Require.present(cluster, "cluster");
    Require.text(prober, "prober");
    Require.present(outcome, "outcome");
    Require.atLeast(latencyMs, 0, "latencyMs");
    Require.optionalText(detail, "detail");
    Require.optionalText(target, "target");
    observedAt = Require.timestamp(observedAt, "observedAt");
  }

  public Instant time() {
    return observedAt;
  }
}
