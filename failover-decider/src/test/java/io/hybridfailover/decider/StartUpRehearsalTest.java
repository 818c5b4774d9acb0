package io.hybridfailover.decider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.decider.core.Decider;
import io.hybridfailover.decider.core.DeciderSettingsSet;
import io.hybridfailover.events.Topics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartUpRehearsalTest {

  @Test
  void encodesEveryEventOfARehearsedFailover_theCommandAndItsStateLast() {
    DeciderSettingsSet settings =
        DeciderSettingsSet.fromProperties(Map.of("hybrid.decider.expected-probers", "3"));

    List<String> topics = StartUpRehearsal.rehearse(new Decider(settings));

    assertEquals(
        List.of(Topics.COMMANDS, Topics.STATE),
        topics.subList(topics.size() - 2, topics.size()),
        String.valueOf(topics));
    assertTrue(topics.contains(Topics.TRANSITIONS), "the verdicts too: " + topics);
  }
}
