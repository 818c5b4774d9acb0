package io.hybridfailover.events;

import java.time.Duration;
import java.util.List;

/** The contract's topics. A {@code .v1} topic carries only {@code .v1} types. */
public final class Topics {

  /** Health observations, one per probe; high volume. */
  public static final String OBSERVATIONS = "hybrid.health.observations.v1";

  /** The decider's verdict changes; what alerting pages on. */
  public static final String TRANSITIONS = "hybrid.health.transitions.v1";

  /** Desired state per service, for the actuators. */
  public static final String COMMANDS = "hybrid.failover.commands.v1";

  /** What each actuator did with each command. */
  public static final String RESULTS = "hybrid.failover.results.v1";

  /** Latest decided state per service; compacted. */
  public static final String STATE = "hybrid.failover.state.v1";

  /** Operator overrides. */
  public static final String OVERRIDES = "hybrid.operator.overrides.v1";

  /** The contract's replay window for observations. */
  private static final Duration OBSERVATIONS_RETENTION = Duration.ofDays(7);

  /**
   * Commands per the contract; transitions, results and overrides too (the contract is silent):
   * they are low volume and worth keeping for a post-mortem; dead letters too, so there is time to
   * notice and fix them.
   */
  private static final Duration LOW_VOLUME_RETENTION = Duration.ofDays(30);

  private Topics() {}

  /** Where a consumer of {@code topic} puts a record it cannot parse or validate. */
  public static String dlq(String topic) {
    return topic + ".dlq";
  }

  /** The six topics of the contract, with their cleanup policy and retention. */
  public static List<TopicSpec> contractTopics() {
    return List.of(
        new TopicSpec(OBSERVATIONS, false, OBSERVATIONS_RETENTION),
        new TopicSpec(TRANSITIONS, false, LOW_VOLUME_RETENTION),
        new TopicSpec(COMMANDS, false, LOW_VOLUME_RETENTION),
        new TopicSpec(RESULTS, false, LOW_VOLUME_RETENTION),
        new TopicSpec(STATE, true, null),
        new TopicSpec(OVERRIDES, false, LOW_VOLUME_RETENTION));
  }

  /**
   * The dead-letter topic of each contract topic: delete policy, 30 days (a dead letter of the
   * compacted state topic is still a one-off record, not a latest value).
   */
  public static List<TopicSpec> deadLetterTopics() {
    return contractTopics().stream()
        .map(topic -> new TopicSpec(dlq(topic.name()), false, LOW_VOLUME_RETENTION))
        .toList();
  }
}
