package io.hybridfailover.decider.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridfailover.events.Command;
import io.hybridfailover.events.Mode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailoverRehearsalTest {

  @ParameterizedTest(name = "fall {0}, rise {1}, {2} probers, stale after {3}")
  @CsvSource({
    // the defaults
    ",,,",
    "1, 1, 1, 1s",
    "5, 4, 5, 3s",
    "2, 6, 3, 30s"
  })
  void reachesTheFailoverCommand_whateverTheSettings(
      String fall, String rise, String probers, String staleAfter) {
    Map<String, String> properties = new java.util.HashMap<>();
    put(properties, "fall", fall);
    put(properties, "rise", rise);
    put(properties, "expected-probers", probers);
    put(properties, "stale-after", staleAfter);
    DeciderSettings settings = DeciderSettings.fromProperties(properties);

    List<Decision> decisions =
        FailoverRehearsal.run(new Decider(settings), Instant.parse("2026-11-26T03:00:00Z"));

    List<Command> commands = decisions.get(decisions.size() - 1).commands();
    assertEquals(1, commands.size(), "the last decision issues the failover command");
    assertEquals(FailoverRehearsal.SERVICE, commands.get(0).service());
    assertEquals(Mode.FAILED_OVER, commands.get(0).mode());
    assertEquals(
        1,
        decisions.stream().mapToLong(decision -> decision.commands().size()).sum(),
        "no command before it");
  }

  private static void put(Map<String, String> properties, String key, String value) {
    if (value != null) {
      properties.put(DeciderSettings.PREFIX + key, value);
    }
  }
}
