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
   * Every record's timestamp is the broker's clock when it appended it, not the producer's: a
   * record's place in time is where it arrived, whatever a prober's clock says, so a post-mortem
   * export merged by timestamp is in arrival order (as the decider consumed it) and its time window
   * means the same on every topic.
   */
  public static final String TIMESTAMP_TYPE = "LogAppendTime";

  /**
   * The Kafka topic configs that implement this spec ({@code cleanup.policy}, {@code retention.ms}
   * for a delete-policy topic, and {@code message.timestamp.type} {@value #TIMESTAMP_TYPE}), for an
   * admin client or an embedded broker.
   */
  public Map<String, String> kafkaConfigs() {
    return compacted
        ? Map.of("cleanup.policy", "compact", "message.timestamp.type", TIMESTAMP_TYPE)
        : Map.of(
            "cleanup.policy",
            "delete",
            "retention.ms",
            Long.toString(retention.toMillis()),
            "message.timestamp.type",
            TIMESTAMP_TYPE);
  }
}
