package io.hybridfailover.events;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a topic of the contract is set up.
 *
 * @param name the topic name
 * @param compacted {@code true} for a compacted topic, which keeps the latest record per key for
 *     ever; {@code false} for a topic whose records are deleted after {@code retention}
 * @param retention how long records of a delete-policy topic are kept; {@code null} exactly when
 *     {@code compacted}, because a compacted topic has no time limit
 */
public record TopicSpec(String name, boolean compacted, Duration retention) {

  public TopicSpec {
    Objects.requireNonNull(name, "name");
    if (compacted != (retention == null)) {
      throw new IllegalArgumentException(
          "topic "
              + name
              + ": a compacted topic has no retention and a delete-policy topic needs one");
    }
    if (retention != null && (retention.isNegative() || retention.isZero())) {
      throw new IllegalArgumentException("topic " + name + ": retention must be positive");
    }
  }

  /**
   * The Kafka topic configs that implement this spec ({@code cleanup.policy}, and {@code
   * retention.ms} for a delete-policy topic), for an admin client or an embedded broker.
   */
  public Map<String, String> kafkaConfigs() {
    return compacted
        ? Map.of("cleanup.policy", "compact")
        : Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(retention.toMillis()));
  }
}
