package io.hybridfailover.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** Binds each CloudEvents {@code type} of the contract to its data class and its topic. */
public enum EventType {
  OBSERVATION(
      "io.hybridfailover.health.observed.v1",
      Observation.class,
      Topics.OBSERVATIONS,
      "observation"),
  TRANSITION(
      "io.hybridfailover.health.changed.v1", Transition.class, Topics.TRANSITIONS, "transition"),
  COMMAND("io.hybridfailover.failover.command.v1", Command.class, Topics.COMMANDS, "command"),
  ACTUATION_RESULT(
      "io.hybridfailover.actuation.result.v1",
      ActuationResult.class,
      Topics.RESULTS,
      "actuation-result"),
  STATE("io.hybridfailover.failover.state.v1", FailoverState.class, Topics.STATE, "state"),
  OVERRIDE(
      "io.hybridfailover.operator.override.v1",
      OperatorOverride.class,
      Topics.OVERRIDES,
      "override");

  private final String type;
  private final Class<? extends EventData> dataClass;
  private final String topic;
  private final String schemaName;

  EventType(String type, Class<? extends EventData> dataClass, String topic, String schemaName) {
    this.type = type;
    this.dataClass = dataClass;
    this.topic = topic;
    this.schemaName = schemaName;
  }

  /** The CloudEvents {@code type} attribute, e.g. {@code io.hybridfailover.health.observed.v1}. */
  @JsonValue
  public String type() {
    return type;
  }

  /** The record class of this type's {@code data}. */
  public Class<? extends EventData> dataClass() {
    return dataClass;
  }

  /** The topic that carries this type. */
  public String topic() {
    return topic;
  }

  /**
   * The class-path location of the JSON Schema (draft 2020-12) of this type's {@code data}, e.g.
   * {@code /io/hybridfailover/events/schema/observation.v1.schema.json}.
   */
  public String schemaResource() {
    return "/io/hybridfailover/events/schema/" + schemaName + ".v1.schema.json";
  }

  /** The type whose data class is {@code dataClass}. */
  public static EventType of(Class<? extends EventData> dataClass) {
    for (EventType eventType : values()) {
      if (eventType.dataClass.equals(dataClass)) {
        return eventType;
      }
    }
    throw new IllegalArgumentException("no event type for " + dataClass);
  }

  /**
   * The type whose CloudEvents {@code type} attribute is {@code type}.
   *
   * @throws InvalidEventException {@code type: unknown event type "x"}
   */
  public static EventType fromType(String type) {
    for (EventType eventType : values()) {
      if (eventType.type.equals(type)) {
        return eventType;
      }
    }
    throw new InvalidEventException("type: unknown event type " + Require.quote(type));
  }
}
