package io.hybridfailover.decider.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.decider.core.DeciderSettingsSet;
import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Transition;
import io.hybridfailover.events.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The replay tool ({@code docs/decision-rules.md#replay}): {@code #rule-replay-clock} and {@code
 * #rule-replay-outliers}.
 */
class ReplayTest {

  private static final Instant T0 = Instant.parse("2026-11-23T03:00:00Z");
  private static final List<String> PROBERS = List.of("prober-a", "prober-b", "prober-c");
  private static final DeciderSettingsSet SETTINGS =
      DeciderSettingsSet.fromProperties(
          Map.of(
              "hybrid.decider.expected-probers", "3",
              "hybrid.decider.failback-delay", "10s",
              "hybrid.decider.failback-step-interval", "5s",
              "hybrid.decider.drain", "5s"));

  private final EventCodec codec = new EventCodec();
  private int ids = 0;

  @Test
  void anOutageAndRecoveryReplaysToFailoverStepsAndPrimaryInEpochOrder() {
    List<String> lines = new ArrayList<>();
    rounds(lines, T0, 4, Outcome.UP, Outcome.UP);
    rounds(lines, T0.plusSeconds(1), 4, Outcome.DOWN, Outcome.UP);
    rounds(lines, T0.plusSeconds(2), 200, Outcome.UP, Outcome.UP);

    Replay.Result result = new Replay(SETTINGS).run(lines);

    List<Command> commands = commands(result);
    assertEquals(
        List.of(
            Mode.FAILED_OVER,
            Mode.FAILING_BACK,
            Mode.FAILING_BACK,
            Mode.FAILING_BACK,
            Mode.PRIMARY),
        commands.stream().map(Command::mode).toList());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), commands.stream().map(Command::epoch).toList());
    assertEquals(Routing.allGke(), commands.get(0).routing());
    assertTrue(result.invalidLines().isEmpty());
  }

  @Test
  void timersFireBetweenEventsBecauseTheReplayTicksEvery250msOfEventTime() {
    List<String> lines = new ArrayList<>();
    rounds(lines, T0, 4, Outcome.UP, Outcome.UP); // the last round is at T0 + 750 ms
    // One more event long after: the probers' votes expire in the gap, where only ticks run.
    lines.add(
        line(
            new OperatorOverride(
                "shop/web", OverrideAction.UNFREEZE, "check", "alice", T0.plusSeconds(60))));

    List<Transition> toUnknown =
        new Replay(SETTINGS)
            .run(lines).output().stream()
                .filter(e -> e.data() instanceof Transition t && t.to() == Verdict.UNKNOWN)
                .map(e -> (Transition) e.data())
                .toList();

    // Stale once more than stale-after (5 s) has passed since T0 + 750 ms: the first tick after
    // T0 + 5.75 s is T0 + 6 s, long before the next event.
    assertEquals(2, toUnknown.size(), "desktop and gke");
    assertEquals(T0.plusSeconds(6), toUnknown.get(0).at());
  }

  @Test
  void theSameInputAndSettingsGiveByteIdenticalOutput() {
    List<String> lines = new ArrayList<>();
    rounds(lines, T0, 4, Outcome.UP, Outcome.UP);
    rounds(lines, T0.plusSeconds(1), 4, Outcome.DOWN, Outcome.UP);
    rounds(lines, T0.plusSeconds(2), 100, Outcome.UP, Outcome.UP);

    List<String> first = new Replay(SETTINGS).run(lines).outputLines();
    List<String> second = new Replay(SETTINGS).run(lines).outputLines();

    assertEquals(first, second);
    assertTrue(first.size() > 4, "transitions and commands were emitted");
  }

  @Test
  void invalidLinesAreReportedWithTheirLineNumberAndSkipped() {
    List<String> lines = new ArrayList<>();
    rounds(lines, T0, 4, Outcome.UP, Outcome.UP);
    lines.add(2, "{not json");
    lines.add(5, "{\"specversion\":\"1.0\"}");
    rounds(lines, T0.plusSeconds(1), 4, Outcome.DOWN, Outcome.UP);

    Replay.Result result = new Replay(SETTINGS).run(lines);

    assertEquals(
        List.of(3, 6), result.invalidLines().stream().map(Replay.InvalidLine::lineNumber).toList());
    assertTrue(result.invalidLines().get(0).reason().startsWith("not JSON"));
    assertEquals(1, commands(result).size(), "the valid lines were still decided on");
  }

  @Test
  void aResultTheCoreCannotApplyIsReportedAndSkippedAsTheDeciderDeadLettersIt() {
    List<String> lines = new ArrayList<>();
    rounds(lines, T0, 4, Outcome.UP, Outcome.UP);
    lines.add(
        line(
            new io.hybridfailover.events.ActuationResult(
                "not-a-command-of-ours",
                "shop/web",
                Long.MAX_VALUE,
                "karmada-actuator",
                io.hybridfailover.events.ActuationOutcome.APPLIED,
                "propagationpolicies/shop/web",
                1,
                null,
                T0.plusSeconds(1))));
    int poisoned = lines.size();
    rounds(lines, T0.plusSeconds(1), 4, Outcome.DOWN, Outcome.UP);

    Replay.Result result = new Replay(SETTINGS).run(lines);

    assertEquals(
        List.of(poisoned),
        result.invalidLines().stream().map(Replay.InvalidLine::lineNumber).toList());
    assertTrue(
        result.invalidLines().get(0).reason().startsWith("unusable input"),
        result.invalidLines().get(0).reason());
    assertEquals(List.of(1L), commands(result).stream().map(Command::epoch).toList());
  }

  @Test
  void theClockNeverGoesBackForALateEvent() {
    List<String> lines = new ArrayList<>();
    rounds(lines, T0, 4, Outcome.UP, Outcome.UP);
    rounds(lines, T0.plusSeconds(1), 4, Outcome.DOWN, Outcome.UP);
    // A late, redelivered UP from before the outage, after it: judged at the replay clock and
    // ignored by the late-observation rule, it changes nothing.
    lines.add(line(observation("prober-a", Cluster.DESKTOP, Outcome.UP, T0.plusMillis(250))));

    List<Command> commands = commands(new Replay(SETTINGS).run(lines));

    assertEquals(1, commands.size());
    assertEquals(Mode.FAILED_OVER, commands.get(0).mode());
  }

  @Test
  void theSummaryListsEachModeChangeAndTheFailoverAndFailbackDurations() {
    List<String> lines = new ArrayList<>();
    rounds(lines, T0, 4, Outcome.UP, Outcome.UP);
    rounds(lines, T0.plusSeconds(1), 4, Outcome.DOWN, Outcome.UP);
    rounds(lines, T0.plusSeconds(2), 200, Outcome.UP, Outcome.UP);

    String summary = ReplaySummary.of(new Replay(SETTINGS).run(lines).output());

    assertTrue(summary.startsWith("shop/web\n"), summary);
    assertTrue(summary.contains("epoch 1    FAILED_OVER"), summary);
    assertTrue(summary.contains("epoch 5    PRIMARY"), summary);
    assertTrue(summary.contains("failover: desktop DOWN at 2026-11-23T03:00:01.500Z"), summary);
    assertTrue(summary.contains("failback: first step at"), summary);
  }

  @Test
  void anEventAnHourAheadOfItsNeighboursIsAClockOutlierThatDoesNotMoveTheReplayClock() {
    List<String> lines = new ArrayList<>();
    rounds(lines, T0, 4, Outcome.UP, Outcome.UP);
    lines.add(line(observation("prober-a", Cluster.GKE, Outcome.UP, T0.plus(Duration.ofHours(1)))));
    int outlierLine = lines.size();
    rounds(lines, T0.plusSeconds(1), 4, Outcome.DOWN, Outcome.UP);

    Replay.Result result = new Replay(SETTINGS).run(lines);

    assertEquals(1, result.invalidLines().size(), result.invalidLines().toString());
    assertEquals(outlierLine, result.invalidLines().get(0).lineNumber());
    assertTrue(result.invalidLines().get(0).reason().startsWith("clock outlier"));
    assertEquals(1, result.counts().outliers());
    assertEquals(lines.size(), result.counts().events(), "the outlier is an event too");
    assertFalse(result.counts().clean());
    List<Command> commands = commands(result);
    assertEquals(1, commands.size(), "the failover still happens");
    assertTrue(
        commands.get(0).issuedAt().isBefore(T0.plusSeconds(3)),
        "decided at the outage's own time, not an hour later: " + commands.get(0).issuedAt());
  }

  @Test
  void aProberWhoseClockRunsAheadIsAnOutlierEveryTime_evenInARowOfItsOwnEvents() {
    // In arrival order (an export): each round, every prober reports both clusters one after the
    // other; prober-c's clock is 30 s ahead, so its two events shield each other from the event
    // before and the event after. The next event from another source does not.
    Duration ahead = Duration.ofSeconds(30);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Instant at = T0.plus(Duration.ofMillis(250L * i));
      Outcome desktop = i < 4 ? Outcome.UP : Outcome.DOWN;
      for (String prober : PROBERS) {
        Instant clock = prober.equals("prober-c") ? at.plus(ahead) : at;
        lines.add(line(observation(prober, Cluster.DESKTOP, desktop, clock)));
        lines.add(line(observation(prober, Cluster.GKE, Outcome.UP, clock)));
      }
    }

    Replay.Result result = new Replay(SETTINGS).run(lines);

    assertEquals(
        22,
        result.counts().outliers(),
        "prober-c's events, none else; not its last two: no event from another source follows");
    List<Command> commands = commands(result);
    assertEquals(1, commands.size(), result.output().toString());
    assertEquals(Mode.FAILED_OVER, commands.get(0).mode());
    assertTrue(
        commands.get(0).issuedAt().isBefore(T0.plusSeconds(5)),
        "decided on the clock of the probers that agree: " + commands.get(0).issuedAt());
  }

  @Test
  void aLongQuietPeriodIsNotAClockOutlier() {
    List<String> lines = new ArrayList<>();
    rounds(lines, T0, 4, Outcome.UP, Outcome.UP);
    Instant later = T0.plus(Duration.ofHours(1));
    rounds(lines, later, 4, Outcome.UP, Outcome.UP);
    rounds(lines, later.plusSeconds(1), 4, Outcome.DOWN, Outcome.UP);

    Replay.Result result = new Replay(SETTINGS).run(lines);

    assertEquals(List.of(), result.invalidLines());
    assertTrue(result.counts().clean());
    List<Command> commands = commands(result);
    assertEquals(1, commands.size());
    assertTrue(commands.get(0).issuedAt().isAfter(later));
  }

  @Test
  void theCountsSayHowManyLinesWereEvents() {
    List<String> lines = new ArrayList<>();
    rounds(lines, T0, 2, Outcome.UP, Outcome.UP);
    lines.add("");
    lines.add("not json");

    Replay.Counts counts = new Replay(SETTINGS).run(lines).counts();

    assertEquals(14, counts.lines());
    assertEquals(12, counts.events());
    assertEquals(1, counts.invalid());
    assertTrue(
        counts.summaryLine().startsWith("14 lines: 12 events, 1 invalid"), counts.summaryLine());
  }

  /** {@code n} rounds 250 ms apart in which every prober reports both clusters. */
  private void rounds(List<String> lines, Instant from, int n, Outcome desktop, Outcome gke) {
    for (int i = 0; i < n; i++) {
      Instant at = from.plus(Duration.ofMillis(250L * i));
      for (String prober : PROBERS) {
        lines.add(line(observation(prober, Cluster.DESKTOP, desktop, at)));
        lines.add(line(observation(prober, Cluster.GKE, gke, at)));
      }
    }
  }

  private static Observation observation(
      String prober, Cluster cluster, Outcome outcome, Instant at) {
    return new Observation("shop/web", cluster, Check.HTTP, prober, outcome, 3, null, null, at);
  }

  /** An observation comes from its prober's source, as the probers publish it. */
  private String line(io.hybridfailover.events.EventData data) {
    String source = data instanceof Observation o ? "/health-prober/" + o.prober() : "/test";
    return codec.encodeToString(Event.of("input-" + ids++, source, data));
  }

  private static List<Command> commands(Replay.Result result) {
    return result.output().stream()
        .filter(e -> e.data() instanceof Command)
        .map(e -> (Command) e.data())
        .toList();
  }
}
