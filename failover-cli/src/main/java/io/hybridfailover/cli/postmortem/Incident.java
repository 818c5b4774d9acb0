package io.hybridfailover.cli.postmortem;

import io.hybridfailover.decider.replay.JsonLines;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.InvalidEventException;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.RecordKeys;
import io.hybridfailover.events.Transition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an export recorded, read in one streaming pass and held compactly: per service its
 * transitions, commands, results and overrides (few), and its observations as runs of the same
 * outcome per cluster, prober and check (so a day of probes every second costs one entry per change
 * of outcome, not one per probe).
 */
public final class Incident {

  /** Consecutive observations of one row with the same outcome. */
  public static final class Run {
    final Instant from;
    Instant to;
    final Outcome outcome;
    long count;
    final String detail;

    Run(Instant at, Outcome outcome, String detail) {
      this.from = at;
      this.to = at;
      this.outcome = outcome;
      this.count = 1;
      this.detail = detail;
    }

    public Instant from() {
      return from;
    }

    public Instant to() {
      return to;
    }

    public Outcome outcome() {
      return outcome;
    }

    public long count() {
      return count;
    }

    public String detail() {
      return detail;
    }
  }

  /** One service's record. */
  public static final class Service {
    final String id;
    final List<Event<Transition>> transitions = new ArrayList<>();
    final List<Event<Command>> commands = new ArrayList<>();
    final List<Event<ActuationResult>> results = new ArrayList<>();
    final List<Event<OperatorOverride>> overrides = new ArrayList<>();

    /** Rows keyed {@code cluster / prober / check}, sorted. */
    final Map<String, List<Run>> observations = new TreeMap<>();

    long observationCount;

    Service(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    public List<Event<Transition>> transitions() {
      return transitions;
    }

    public List<Event<Command>> commands() {
      return commands;
    }

    public List<Event<ActuationResult>> results() {
      return results;
    }

    public List<Event<OperatorOverride>> overrides() {
      return overrides;
    }

    public Map<String, List<Run>> observations() {
      return observations;
    }

    public long observationCount() {
      return observationCount;
    }

    void observe(Observation o) {
      String row = o.cluster().wireName() + " / " + o.prober() + " / " + o.check().wireName();
      List<Run> runs = observations.computeIfAbsent(row, r -> new ArrayList<>());
      Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
      if (last != null && last.outcome == o.outcome()) {
        last.count++;
        if (o.observedAt().isAfter(last.to)) {
          last.to = o.observedAt();
        }
      } else {
        runs.add(new Run(o.observedAt(), o.outcome(), o.detail()));
      }
      observationCount++;
    }
  }

  final Map<String, Service> services = new TreeMap<>();

  /** Overrides for all services ({@code *}), shown on every service. */
  final List<Event<OperatorOverride>> allServiceOverrides = new ArrayList<>();

  /** Karmada cluster observations ({@code *}). */
  final Service allServices = new Service(RecordKeys.ALL_SERVICES);

  Instant start;
  Instant end;
  long lines;
  long events;
  final List<String> problems = new ArrayList<>();

  public Map<String, Service> services() {
    return services;
  }

  public Instant start() {
    return start;
  }

  public Instant end() {
    return end;
  }

  public long events() {
    return events;
  }

  public List<String> problems() {
    return problems;
  }

  /** Reads {@code file} in one pass; at most 100 problems are kept (all are counted). */
  public static Incident read(Path file) throws IOException {
    Incident incident = new Incident();
    EventCodec codec = new EventCodec();
    try (InputStream in = Files.newInputStream(file)) {
      JsonLines lines = new JsonLines(in);
      while (lines.hasNext()) {
        JsonLines.Line line = lines.next();
        incident.lines++;
        if (!line.decoded()) {
          incident.problem(line.number() + ": " + line.error());
          continue;
        }
        if (line.text().isBlank()) {
          continue;
        }
        try {
          incident.add(codec.decode(line.text()));
        } catch (InvalidEventException e) {
          incident.problem(line.number() + ": " + e.getMessage());
        }
      }
    }
    return incident;
  }

  private void problem(String problem) {
    if (problems.size() < 100) {
      problems.add(problem);
    }
  }

  @SuppressWarnings("unchecked")
  void add(Event<?> event) {
    events++;
    Instant time = event.time();
    start = start == null || time.isBefore(start) ? time : start;
    end = end == null || time.isAfter(end) ? time : end;
    String subject = event.data().service();
    boolean all = RecordKeys.ALL_SERVICES.equals(subject);
    if (event.data() instanceof Observation o) {
      (all ? allServices : service(subject)).observe(o);
    } else if (event.data() instanceof OperatorOverride) {
      (all ? allServiceOverrides : service(subject).overrides).add((Event<OperatorOverride>) event);
    } else if (all) {
      return;
    } else if (event.data() instanceof Transition) {
      service(subject).transitions.add((Event<Transition>) event);
    } else if (event.data() instanceof Command) {
      service(subject).commands.add((Event<Command>) event);
    } else if (event.data() instanceof ActuationResult) {
      service(subject).results.add((Event<ActuationResult>) event);
    }
  }

  private Service service(String id) {
    return services.computeIfAbsent(id, Service::new);
  }
}
