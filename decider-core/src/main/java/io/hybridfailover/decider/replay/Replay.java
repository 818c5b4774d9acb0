package io.hybridfailover.decider.replay;

import io.hybridfailover.decider.core.Decider;
import io.hybridfailover.decider.core.DeciderSettingsSet;
import io.hybridfailover.decider.core.Decision;
import io.hybridfailover.decider.core.Fleet;
import io.hybridfailover.decider.core.InMemoryStore;
import io.hybridfailover.decider.core.UnusableInputException;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.InvalidEventException;
import io.hybridfailover.events.Transition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

/**
 * Replays a JSON-lines file of contract events through the decision core, per the replay contract:
 * lines in file order; the clock is the largest event {@code time} seen so far and never goes back;
 * between consecutive events the fleet ticks every {@link #TICK} of event time, so timers fire when
 * they would have. The output is the transitions and commands the core emits, with ids derived from
 * the input: the same input and settings give the same bytes.
 *
 * <p>Every event type is read; observations, overrides and actuation results are the decider's
 * inputs (as in the live service), the others decide nothing.
 *
 * <p>Clock outliers: an event more than {@code max-clock-skew} ahead of both the replay clock (the
 * events replayed before it) and the next event from another source is reported, replayed at the
 * current replay clock, and does not move that clock. Another source, because a prober whose clock
 * runs ahead sends many events in a row, each close to the one before it. The first event has no
 * replay clock before it, so the next event from another source decides; an event with no later
 * event from another source (within {@link #LOOK_AHEAD} events) is never an outlier.
 *
 * <p>{@link #run(Iterator, Listener)} streams: it holds at most {@link #LOOK_AHEAD} events of
 * look-ahead and the services' states, never the file or the output.
 */
public final class Replay {

  /** The live decider ticks every 250 ms of wall-clock time; the replay, of event time. */
  public static final Duration TICK = Duration.ofMillis(250);

  /** How many events a replay reads ahead for the next event from another source. */
  public static final int LOOK_AHEAD = 256;

  /** The {@code source} of every event the replay emits. */
  public static final String SOURCE = "/failover-decider/replay";

  private final Decider decider;
  private final Duration maxClockSkew;
  private final EventCodec codec = new EventCodec();

  /** A replay with the default {@code max-clock-skew} ({@link ReplaySettings#DEFAULT_SKEW}). */
  public Replay(DeciderSettingsSet settings) {
    this(settings, ReplaySettings.DEFAULT_SKEW);
  }

  public Replay(DeciderSettingsSet settings, Duration maxClockSkew) {
    this.decider = new Decider(settings);
    this.maxClockSkew = maxClockSkew;
  }

  public Replay(ReplaySettings settings) {
    this(settings.decider(), settings.maxClockSkew());
  }

  /** One line of input that is not a valid contract event. */
  public record InvalidLine(int lineNumber, String reason) {}

  /** What the replay reports as it goes. Every method does nothing unless overridden. */
  public interface Listener {

    /** A valid input event, before the core sees it. */
    default void input(int lineNumber, Event<?> event) {}

    /** A transition or command the core emitted. */
    default void emitted(Event<?> event) {}

    /** A line skipped (not UTF-8, not a contract event) or an event reported as a clock outlier. */
    default void problem(InvalidLine problem) {}
  }

  /**
   * How many lines of each kind the replay read and what it emitted.
   *
   * @param lines lines read, blank ones included
   * @param events lines that were contract events (clock outliers included)
   * @param invalid lines skipped
   * @param outliers events reported as clock outliers
   */
  public record Counts(
      int lines, int events, int invalid, int outliers, int transitions, int commands) {

    /** Exit status 0 is deserved only when every non-blank line was a usable event. */
    public boolean clean() {
      return invalid == 0 && outliers == 0;
    }

    /** One line for people: how much of the input counted. */
    public String summaryLine() {
      return String.format(
          "%d lines: %d events, %d invalid, %d clock outliers; emitted %d transitions, %d commands",
          lines, events, invalid, outliers, transitions, commands);
    }
  }

  /**
   * What the replay produced.
   *
   * @param output the transitions and commands, in order
   * @param invalidLines the lines that were skipped or reported, with why
   */
  public record Result(List<Event<?>> output, List<InvalidLine> invalidLines, Counts counts) {

    /** Each output event as one JSON line (no trailing newline). */
    public List<String> outputLines() {
      EventCodec codec = new EventCodec();
      return output.stream().map(codec::encodeToString).toList();
    }
  }

  /** Replays lines held in memory (tests, small files). */
  public Result run(List<String> lines) {
    List<JsonLines.Line> numbered = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      numbered.add(new JsonLines.Line(i + 1, lines.get(i), null));
    }
    List<Event<?>> output = new ArrayList<>();
    List<InvalidLine> invalid = new ArrayList<>();
    Counts counts =
        run(
            numbered.iterator(),
            new Listener() {
              @Override
              public void emitted(Event<?> event) {
                output.add(event);
              }

              @Override
              public void problem(InvalidLine problem) {
                invalid.add(problem);
              }
            });
    return new Result(List.copyOf(output), List.copyOf(invalid), counts);
  }

  /** Replays a stream of lines, reporting to {@code listener} as it goes. */
  public Counts run(Iterator<JsonLines.Line> lines, Listener listener) {
    return new Run(listener).replay(lines);
  }

  /** One replay: its clock, the states, and one event of look-ahead for the outlier rule. */
  private final class Run {

    private final Listener listener;
    private final Fleet fleet = new Fleet(decider, new InMemoryStore());
    private Instant clock;
    private final java.util.ArrayDeque<Pending> pending = new java.util.ArrayDeque<>();
    private int lines;
    private int events;
    private int invalid;
    private int outliers;
    private int transitions;
    private int commands;

    Run(Listener listener) {
      this.listener = listener;
    }

    Counts replay(Iterator<JsonLines.Line> input) {
      while (input.hasNext()) {
        JsonLines.Line line = input.next();
        lines++;
        if (!line.decoded()) {
          skip(line.number(), line.error());
          continue;
        }
        if (line.text().isBlank()) {
          continue;
        }
        Event<?> event;
        try {
          event = codec.decode(line.text());
        } catch (InvalidEventException e) {
          skip(line.number(), e.getMessage());
          continue;
        }
        events++;
        pending.addLast(new Pending(event, line.number()));
        replayPending(false);
      }
      replayPending(true);
      return new Counts(lines, events, invalid, outliers, transitions, commands);
    }

    /**
     * Replays the pending events whose next event from another source is known (or cannot be any
     * more: at the end, or past the look-ahead).
     */
    private void replayPending(boolean end) {
      while (!pending.isEmpty()) {
        Pending head = pending.peekFirst();
        Instant nextFromAnother = null;
        for (Pending later : pending) {
          if (!later.event().source().equals(head.event().source())) {
            nextFromAnother = later.event().time();
            break;
          }
        }
        if (nextFromAnother == null && !end && pending.size() < LOOK_AHEAD) {
          return;
        }
        pending.removeFirst();
        replay(head, nextFromAnother);
      }
    }

    private void skip(int number, String reason) {
      invalid++;
      listener.problem(new InvalidLine(number, reason));
    }

    /** Replays one event, knowing the time of the next event from another source (or none). */
    private void replay(Pending one, Instant nextFromAnother) {
      Event<?> event = one.event();
      Instant time = event.time();
      boolean outlier =
          nextFromAnother != null
              && time.isAfter(nextFromAnother.plus(maxClockSkew))
              && (clock == null || time.isAfter(clock.plus(maxClockSkew)));
      if (outlier) {
        outliers++;
        if (clock == null) {
          clock = nextFromAnother;
        }
        listener.problem(
            new InvalidLine(
                one.line(),
                "clock outlier: time "
                    + time
                    + " is more than "
                    + maxClockSkew.toMillis()
                    + " ms ahead of the replay clock and of the next event from another source;"
                    + " replayed at "
                    + clock
                    + " without moving the replay clock"));
      } else if (clock == null) {
        clock = time;
      } else if (time.isAfter(clock)) {
        for (Instant tick = clock.plus(TICK); tick.isBefore(time); tick = tick.plus(TICK)) {
          emit("tick|" + tick, fleet.onTick(tick));
        }
        clock = time;
      }
      listener.input(one.line(), event);
      List<Decision> decisions;
      try {
        decisions = fleet.onEvent(event, clock);
      } catch (UnusableInputException e) {
        // The decider dead-letters such an input and goes on; so does its replay.
        skip(one.line(), "unusable input, dead-lettered by the decider: " + e.getMessage());
        return;
      }
      emit("event|" + event.id(), decisions);
    }

    /** Transitions then commands of each decision, with ids derived from what caused them. */
    private void emit(String cause, List<Decision> decisions) {
      int n = 0;
      for (Decision decision : decisions) {
        for (Transition transition : decision.transitions()) {
          transitions++;
          listener.emitted(Event.of(derivedId(cause, n++), SOURCE, transition));
        }
        for (Command command : decision.commands()) {
          commands++;
          listener.emitted(Event.of(derivedId(cause, n++), SOURCE, command));
        }
      }
    }
  }

  /** An event read and not yet replayed, with its line number. */
  private record Pending(Event<?> event, int line) {}

  private static String derivedId(String cause, int n) {
    return UUID.nameUUIDFromBytes((cause + "|" + n).getBytes(StandardCharsets.UTF_8)).toString();
  }
}
