package io.hybridfailover.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void theContractHasSixTopicsWithTheirRetention() {
    assertEquals(
        List.of(
            new TopicSpec("hybrid.health.observations.v1", false, Duration.ofDays(7)),
            new TopicSpec("hybrid.health.transitions.v1", false, Duration.ofDays(30)),
            new TopicSpec("hybrid.failover.commands.v1", false, Duration.ofDays(30)),
            new TopicSpec("hybrid.failover.results.v1", false, Duration.ofDays(30)),
            new TopicSpec("hybrid.failover.state.v1", true, null),
            new TopicSpec("hybrid.operator.overrides.v1", false, Duration.ofDays(30))),
        Topics.contractTopics());
  }

  @Test
  void everyContractTopicHasADeadLetterTopicKept30Days() {
    assertEquals("hybrid.failover.commands.v1.dlq", Topics.dlq(Topics.COMMANDS));
    List<TopicSpec> deadLetters = Topics.deadLetterTopics();
    assertEquals(6, deadLetters.size());
    for (int i = 0; i < 6; i++) {
      TopicSpec deadLetter = deadLetters.get(i);
      assertEquals(Topics.contractTopics().get(i).name() + ".dlq", deadLetter.name());
      assertEquals(new TopicSpec(deadLetter.name(), false, Duration.ofDays(30)), deadLetter);
    }
  }

  @Test
  void eachEventTypeHasItsOwnTopic() {
    assertEquals(
        Topics.contractTopics().stream().map(TopicSpec::name).toList(),
        Arrays.stream(EventType.values()).map(EventType::topic).toList());
  }

  @Test
  void topicSpecsTranslateToKafkaConfigs() {
    assertEquals(
        Map.of(
            "cleanup.policy",
            "delete",
            "retention.ms",
            "604800000",
            "message.timestamp.type",
            "LogAppendTime"),
        Topics.contractTopics().get(0).kafkaConfigs());
    assertEquals(
        Map.of("cleanup.policy", "compact", "message.timestamp.type", "LogAppendTime"),
        Topics.contractTopics().get(4).kafkaConfigs());
  }

  @Test
  void aCompactedTopicHasNoRetentionAndADeleteTopicNeedsOne() {
    assertThrows(
        IllegalArgumentException.class, () -> new TopicSpec("t", true, Duration.ofDays(1)));
    assertThrows(IllegalArgumentException.class, () -> new TopicSpec("t", false, null));
    assertThrows(IllegalArgumentException.class, () -> new TopicSpec("t", false, Duration.ZERO));
  }

  @Test
  void recordKeysFollowTheContract() {
    assertEquals("shop/web@desktop", RecordKeys.observation("shop/web", "desktop"));
    assertEquals("shop/web@gke", RecordKeys.observation("shop/web", Cluster.GKE));
    assertEquals("shop/web", RecordKeys.service("shop/web"));
    assertEquals("*", RecordKeys.service(RecordKeys.ALL_SERVICES));
    assertEquals("shop/web@desktop", RecordKeys.keyFor(Examples.observation()));
    assertEquals("shop/web@desktop", RecordKeys.keyFor(Examples.transition()));
    assertEquals("shop/web", RecordKeys.keyFor(Examples.command()));
    assertEquals("shop/web", RecordKeys.keyFor(Examples.actuationResult()));
    assertEquals("shop/web", RecordKeys.keyFor(Examples.state()));
    assertEquals("shop/web", RecordKeys.keyFor(Examples.override()));
    OperatorOverride all =
        new OperatorOverride("*", OverrideAction.FREEZE, "upgrade", "bob", Examples.LATER);
    assertEquals("*", RecordKeys.keyFor(Event.of("/operator/cli", all)));
    assertTrue(
        assertThrows(InvalidEventException.class, () -> RecordKeys.service("web"))
            .getMessage()
            .startsWith("service: "));
  }

  @Test
  void eventTypesMapBothWays() {
    for (EventType type : EventType.values()) {
      assertEquals(type, EventType.fromType(type.type()));
      assertEquals(type, EventType.of(type.dataClass()));
    }
    assertEquals("io.hybridfailover.health.observed.v1", EventType.of(Observation.class).type());
    assertEquals(
        "type: unknown event type \"io.hybridfailover.health.observed.v2\"",
        assertThrows(
                InvalidEventException.class,
                () -> EventType.fromType("io.hybridfailover.health.observed.v2"))
            .getMessage());
  }
}
