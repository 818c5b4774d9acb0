package io.hybridfailover.decider.replay;

import io.hybridfailover.decider.core.Decider;
import io.hybridfailover.decider.core.DeciderSettingsSet;
import io.hybridfailover.decider.core.Decision;
import io.hybridfailover.decider.core.Fleet;
import io.hybridfailover.decider.core.ServiceState;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.EventData;
import io.hybridfailover.events.InvalidEventException;
import io.hybridfailover.events.OperatorOverride;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
 */
public final class Replay {

  /** The live decider ticks every 250 ms of wall-clock time; the replay, of event time. */
  public static final Duration TICK = Duration.ofMillis(250);

  /** The {@code source} of every event the replay emits. */
  public static final String SOURCE = "/failover-decider/replay";

  private final Decider decider;
  private final EventCodec codec = new EventCodec();

  public Replay(DeciderSettingsSet settings) {
    this.decider = new Decider(settings);
  }

  /** One line of input that is not a valid contract event. */
  public record InvalidLine(int lineNumber, String reason) {}

  /**
   * What the replay produced.
   *
   * @param output the transitions and commands, in order
   * @param invalidLines the lines that were skipped, with why
   */
  public record Result(List<Event<?>> output, List<InvalidLine> invalidLines) {

    /** Each output event as one JSON line (no trailing newline). */
    public List<String> outputLines() {
      EventCodec codec = new EventCodec();
      return output.stream().map(codec::encodeToString).toList();
    }
  }

  public Result run(List<String> lines) {
    Map<String, ServiceState> states = new TreeMap<>();
    Fleet fleet = new Fleet(decider, new MapStore(states));
    List<Event<?>> output = new ArrayList<>();
    List<InvalidLine> invalid = new ArrayList<>();
    Instant clock = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      Event<?> event;
      try {
        event = codec.decode(line);
      } catch (InvalidEventException e) {
        invalid.add(new InvalidLine(i + 1, e.getMessage()));
        continue;
      }
      if (clock == null) {
        clock = event.time();
      } else if (event.time().isAfter(clock)) {
        for (Instant tick = clock.plus(TICK); tick.isBefore(event.time()); tick = tick.plus(TICK)) {
          emit("tick|" + tick, fleet.onTick(tick), output);
        }
        clock = event.time();
      }
      emit("event|" + event.id(), fleet.onEvent(event, clock), output);
    }
    return new Result(List.copyOf(output), List.copyOf(invalid));
  }

  /** Transitions then commands of each decision, with ids derived from what caused them. */
  private static void emit(String cause, List<Decision> decisions, List<Event<?>> output) {
    int n = 0;
    for (Decision decision : decisions) {
      for (EventData transition : decision.transitions()) {
        output.add(Event.of(derivedId(cause, n++), SOURCE, transition));
      }
      for (EventData command : decision.commands()) {
        output.add(Event.of(derivedId(cause, n++), SOURCE, command));
      }
    }
  }

  private static String derivedId(String cause, int n) {
    return UUID.nameUUIDFromBytes((cause + "|" + n).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** The replay keeps states in a sorted map: ticks visit services in service-id order. */
  private static final class MapStore implements Fleet.Store {

    private final Map<String, ServiceState> states;
    private Event<OperatorOverride> standing;

    MapStore(Map<String, ServiceState> states) {
      this.states = states;
    }

    @Override
    public Optional<ServiceState> get(String service) {
      return Optional.ofNullable(states.get(service));
    }

    @Override
    public void put(ServiceState state) {
      states.put(state.service(), state);
    }

    @Override
    public List<ServiceState> all() {
      return List.copyOf(states.values());
    }

    @Override
    public Optional<Event<OperatorOverride>> standingOverride() {
      return Optional.ofNullable(standing);
    }

    @Override
    public void standingOverride(Event<OperatorOverride> override) {
      standing = override;
    }
  }
}
