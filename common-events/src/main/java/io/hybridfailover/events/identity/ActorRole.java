package io.hybridfailover.events.identity;

import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.EventData;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.Topics;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * Who may write each input of the decider, and which field of its data names the actor: a record is
 * trusted only if that field names the actor who signed it.
 */
public enum ActorRole {
  PROBER(Topics.OBSERVATIONS, "data.prober", Observation.class, d -> ((Observation) d).prober()),
  ACTUATOR(
      Topics.RESULTS,
      "data.actuator",
      ActuationResult.class,
      d -> ((ActuationResult) d).actuator()),
  OPERATOR(
      Topics.OVERRIDES,
      "data.requestedBy",
      OperatorOverride.class,
      d -> ((OperatorOverride) d).requestedBy());

  private final String topic;
  private final String claimPath;
  private final Class<? extends EventData> type;
  private final Function<EventData, String> claim;

  ActorRole(
      String topic,
      String claimPath,
      Class<? extends EventData> type,
      Function<EventData, String> claim) {
    this.topic = topic;
    this.claimPath = claimPath;
    this.type = type;
    this.claim = claim;
  }

  /** The role that writes {@code topic}, if it is an input of the decider. */
  public static Optional<ActorRole> writing(String topic) {
    return Arrays.stream(values()).filter(r -> r.topic.equals(topic)).findFirst();
  }

  /** The topic this role writes. */
  public String topic() {
    return topic;
  }

  /** The path of the field that names the actor, e.g. {@code data.prober}. */
  public String claimPath() {
    return claimPath;
  }

  /** The actor the data says it comes from. */
  public String claimedBy(EventData data) {
    if (!type.isInstance(data)) {
      throw new IllegalArgumentException(
          topic + " carries " + type.getSimpleName() + ", not " + data.getClass().getSimpleName());
    }
    return claim.apply(data);
  }

  /** The role's name in messages and settings, e.g. {@code prober}. */
  public String noun() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
