package io.hybridfailover.actuation;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.micrometer.core.instrument.Metrics;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.health.api.HealthRegistry;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.kafka.common.KafkaException;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The reconcile loop of both actuators, written once: decode a command (a bad record is nacked to
 * the dead-letter topic), remember the newest command per service, find the target, read it, fence
 * with the epoch, compute the desired object ({@link Actuator#desired}), write it with retries from
 * a fresh read and the "superseded by a newer command" check before every attempt, publish one
 * result; a drift cycle, the start-up recovery of what was asked, and a warm-up.
 *
 * @param <T> the actuator's targets
 * @param <A> what a command asks of a target
 */
public final class ReconcileLoop<T extends Target, A> {

  /** The longest a write with all its retries may take. */
  public static final long WRITE_BUDGET_MS = 20_000;

  /** One attempt to read the commands topic at start-up; attempts go on until one succeeds. */
  private static final Duration HISTORY_ATTEMPT = Duration.ofSeconds(10);

  private static final Duration HISTORY_RETRY = Duration.ofSeconds(1);

  private static final System.Logger LOG = System.getLogger(ReconcileLoop.class.getName());
  private static final Set<ActuationOutcome> ALL = EnumSet.allOf(ActuationOutcome.class);

  /** A retry that fails again already has its FAILED result. */
  private static final Set<ActuationOutcome> RETRY_REPORTS =
      EnumSet.complementOf(EnumSet.of(ActuationOutcome.FAILED));

  private final Actuator<T, A> actuator;
  private final KubernetesClient client;
  private final Function<Event<ActuationResult>, CompletionStage<Void>> send;
  private final ResultEvents events;
  private final CommandRehearsal rehearsal;
  private final NewestCommands newest = new NewestCommands();
  private final EventCodec codec = new EventCodec();
  private final WatchedObjects watched = new WatchedObjects();
  private final Guard retries;
  private final ServiceLanes lanes;

  /** Where the start-up read of the commands topic is. */
  private record History(boolean read, int commands, String problem) {}

  private volatile History history = new History(false, 0, null);

  /**
   * @param instanceId names this instance in the results' {@code source}
   * @param concurrency how many services are reconciled at once ({@link ServiceLanes})
   * @param send publishes a result on the actuator's results channel; completes once the broker has
   *     it
   */
  public ReconcileLoop(
      Actuator<T, A> actuator,
      String instanceId,
      int concurrency,
      KubernetesClient client,
      Function<Event<ActuationResult>, CompletionStage<Void>> send) {
    this.actuator = actuator;
    this.lanes = new ServiceLanes(actuator.name(), concurrency);
    this.client = client;
    this.send = send;
    this.events = new ResultEvents(actuator.name(), instanceId);
    this.rehearsal = new CommandRehearsal(actuator.name());
    // Conflicts, 5xx and timeouts: about 3 s of backoff over 6 attempts, each from a fresh read.
    this.retries =
        Guard.create()
            .withDescription(actuator.name() + " write")
            .withRetry()
            .maxRetries(5)
            .delay(100, ChronoUnit.MILLIS)
            .jitter(50, ChronoUnit.MILLIS)
            .maxDuration(WRITE_BUDGET_MS, ChronoUnit.MILLIS)
            .retryOn(RetryableWriteException.class)
            .withExponentialBackoff()
            .maxDelay(3_000, ChronoUnit.MILLIS)
            .done()
            .done()
            .build();
  }

  /**
   * What is asked for: a command, or what an object says it was last written for.
   *
   * @param receivedAt when the command was taken from the commands topic; {@code null} when nothing
   *     was just received (a drift check, a later attempt cycle)
   */
  public record Asked<A>(
      String service, String commandId, long epoch, A state, boolean dryRun, Instant receivedAt) {}

  /**
   * @param published completes once the result is on the results topic (or was not to be sent)
   * @param confirming whether a confirmation is running, which may take long
   */
  public record Reconciliation(CompletionStage<Void> published, boolean confirming) {}

  /** The plan, and the object as the API server stored it if it was written. */
  private record Written(Plan plan, GenericKubernetesResource stored) {}

  /** Attempts made, and the epoch the object carried at the last read. */
  private static final class Attempts {
    int count;
    Long resourceEpoch;
  }

  /** The newest command seen per service. */
  public NewestCommands newest() {
    return newest;
  }

  /**
   * Takes one record of the commands topic and hands it to its service's lane ({@link
   * ServiceLanes}): the consumer takes the next record at once, so a service whose write hangs or
   * retries holds up no other service. Per service, commands run in the order they were read, and
   * the superseded check before every write attempt lets the newest win. A record is acknowledged
   * (its offset becomes committable) only once its result is on the results topic; the commit
   * strategy commits an offset only when every record before it is acknowledged, so a restart
   * re-reads whatever was queued, running or unanswered; applying a command again is UNCHANGED (or
   * STALE), never a second change, because the object carries the epoch it was written with. A
   * record that is not a valid command is nacked: the dead-letter-queue strategy copies it to
   * {@code <topic>.dlq} with the reason.
   *
   * @return completes once the record is handed over (decoded and queued), not when it is answered
   */
  public CompletionStage<Void> onCommand(Message<byte[]> message) {
    // Said in the result (commandReceivedAt): the wait for the command, told from the write.
    Instant received = Instant.now();
    Command command;
    try {
      command = codec.decode(message.getPayload(), Command.class).data();
    } catch (RuntimeException e) {
      return message.nack(e);
    }
    newest.offer(command);
    lanes.submit(command.service(), () -> handle(command, received, message));
    return CompletableFuture.completedFuture(null);
  }

  /** On the service's lane: reconcile (or refuse) the command, and acknowledge it when answered. */
  private void handle(Command command, Instant received, Message<byte[]> message) {
    CompletionStage<Void> published;
    try {
      published =
          actuator
              .target(command.service())
              .map(
                  target ->
                      reconcile(target, asked(command, command.dryRun(), received), "", ALL)
                          .published())
              .orElseGet(() -> refuse(command, received));
    } catch (RuntimeException e) {
      published = CompletableFuture.failedFuture(e);
    }
    // A confirmation runs on after the lane moves to the service's next command.
    published.whenComplete(
        (ok, failure) -> {
          if (failure == null) {
            message.ack();
          } else {
            message.nack(failure);
          }
        });
  }

  /**
   * One desired state for one target: write it (on the caller's thread, with retries: a command's
   * or a drift check's service lane), confirm it if the actuator does, publish one result that says
   * both.
   *
   * @param context prefixes the result's detail, e.g. {@code drift corrected: }
   * @param reported the outcomes worth a result: a drift check that finds nothing to do, or fails
   *     again where a result already said so, stays quiet
   */
  public Reconciliation reconcile(
      T target, Asked<A> asked, String context, Set<ActuationOutcome> reported) {
    Attempts attempts = new Attempts();
    Written written;
    try {
      written = retries.get(() -> attempt(target, asked, attempts), Written.class);
    } catch (RetryableWriteException | KubernetesClientException e) {
      return answer(
          target,
          asked,
          attempts,
          ActuationOutcome.FAILED,
          context,
          failure(target, attempts, e),
          reported);
    }
    ActuationOutcome outcome = written.plan().outcome();
    String planned = written.plan().detail();
    if (asked.dryRun()) {
      return answer(
          target,
          asked,
          attempts,
          outcome,
          "dry run, nothing written: " + context,
          planned,
          reported);
    }
    Optional<CompletionStage<String>> confirmation =
        outcome == ActuationOutcome.APPLIED
            ? actuator.confirm(
                target,
                written.stored(),
                asked.state(),
                asked.epoch(),
                asked.commandId(),
                newestEpoch(asked))
            : Optional.empty();
    if (confirmation.isEmpty()) {
      return answer(target, asked, attempts, outcome, context, planned, reported);
    }
    return new Reconciliation(
        confirmation
            .get()
            .thenCompose(
                confirmed ->
                    publish(
                        target, asked, attempts, outcome, context + planned + "; " + confirmed)),
        true);
  }

  /**
   * One drift check: a command newer than what the object was last written for (one whose write
   * gave up) is applied again; an object whose kept state someone edited is restored from what the
   * object itself carries (epoch, command id, {@link Actuator#kept}), so this also works right
   * after a restart.
   *
   * @return the reconciliation started, if any
   */
  public Optional<Reconciliation> correct(T target) {
    GenericKubernetesResource object;
    try {
      object = resource(target).get();
    } catch (KubernetesClientException e) {
      LOG.log(Level.DEBUG, "cannot read " + target.describe() + ": " + e.getMessage());
      return Optional.empty();
    }
    if (object == null || Ownership.notOptedIn(object, "").isPresent()) {
      return Optional.empty();
    }
    OptionalLong written = Ownership.epochOf(object);
    Optional<Command> asked = newest.newest(target.service());
    if (asked.isPresent() && asked.get().epoch() > written.orElse(0L)) {
      Command command = asked.get();
      if (command.dryRun()) {
        return Optional.empty();
      }
      return Optional.of(
          reconcile(
              target,
              asked(command, false, null),
              "applied on a later attempt cycle: ",
              RETRY_REPORTS));
    }
    Optional<String> commandId = Ownership.commandIdOf(object);
    Optional<A> kept = actuator.kept(object, target);
    if (written.isEmpty() || commandId.isEmpty() || kept.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        reconcile(
            target,
            new Asked<>(
                target.service(), commandId.get(), written.getAsLong(), kept.get(), false, null),
            "drift corrected: ",
            EnumSet.of(ActuationOutcome.APPLIED)));
  }

  /**
   * One drift cycle over every target, each check on its service's lane: side by side within the
   * bound, and one stuck target delays no other. A service whose lane is busy (a command, or the
   * previous cycle's check still retrying) is skipped this cycle: that work reconciles it anyway.
   */
  public void correctDrift() {
    for (T target : actuator.targets()) {
      lanes.submitIfIdle(
          target.service(),
          () -> {
            try {
              correct(target);
            } catch (RuntimeException e) {
              LOG.log(Level.WARNING, "drift check of " + target.describe() + " failed: " + e);
            }
          });
    }
  }

  /** The lanes commands and drift checks run on, for their gauges and for tests. */
  public ServiceLanes lanes() {
    return lanes;
  }

  /**
   * At start-up: schedules the drift cycle every {@code driftInterval} on the service's scheduler,
   * skipped while the application is not running; then, off the start-up path, remembers what was
   * asked before this process started (so that a command whose write gave up before a restart is
   * still applied), and after that rehearses the command path in the background.
   *
   * <p>Reading that history needs Kafka, which may not be reachable yet: it is retried until it
   * succeeds, on a daemon thread of its own, so that neither the HTTP server (health) nor a SIGTERM
   * waits for it. Until it has succeeded the readiness check registered here is DOWN and says why.
   *
   * @param kafka the service's Kafka client settings
   * @param readiness the service's readiness checks, where this loop's start-up check is added
   */
  public void start(
      Map<String, Object> kafka,
      Scheduler scheduler,
      Duration driftInterval,
      Executor background,
      HealthRegistry readiness) {
    readiness.register(actuator.name() + " command history", this::historyRead);
    for (T target : actuator.targets()) {
      watched.watch(target, objects(target));
    }
    scheduler
        .newJob(actuator.name() + "-drift")
        .setInterval(driftInterval.toString())
        .setDelayed(driftInterval.toString())
        .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
        .setSkipPredicate(Scheduled.ApplicationNotRunning.class)
        .setTask(execution -> correctDrift())
        .schedule();
    Thread reader =
        new Thread(() -> readHistory(kafka, background), actuator.name() + "-command-history");
    reader.setDaemon(true);
    reader.start();
  }

  /** Reads the commands topic until it succeeds, then starts the rehearsal. */
  private void readHistory(Map<String, Object> kafka, Executor background) {
    while (true) {
      try {
        int read = CommandHistory.recover(kafka, newest, HISTORY_ATTEMPT);
        LOG.log(
            Level.INFO,
            "read "
                + read
                + " commands from the commands topic to know what each service asks for");
        history = new History(true, read, null);
        background.execute(this::rehearse);
        return;
      } catch (KafkaException | IllegalStateException e) {
        if (history.problem() == null) {
          LOG.log(
              Level.WARNING,
              "cannot read the commands topic yet ("
                  + e
                  + "); retrying until Kafka answers, not ready meanwhile");
        }
        history = new History(false, 0, e.toString());
      }
      try {
        Thread.sleep(HISTORY_RETRY.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Readiness: UP once the commands topic was read at start-up. */
  private HealthCheckResponse historyRead() {
    History now = history;
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named(actuator.name() + " command history read").status(now.read());
    if (now.read()) {
      response.withData("commands", now.commands());
    } else {
      response.withData(
          "waiting",
          now.problem() == null ? "reading the commands topic" : "retrying: " + now.problem());
    }
    return response.build();
  }

  /**
   * Rehearses the command path once as a dry run against each target: decoding a command, the
   * fault-tolerant write (a read and a plan, no write), serialising the planned object and encoding
   * a result (not sent). The first real failover then does not pay for loading and initialising
   * that code (about 0.5 s on a small node, measured in the drills). Nothing is written and nothing
   * is published.
   *
   * @return against how many targets it got to a plan
   */
  public int rehearse() {
    return rehearsal.rehearse(
        actuator.targets(),
        Target::service,
        Target::describe,
        (target, command) -> {
          Asked<A> asked = asked(command, true, null);
          Plan plan =
              retries.get(() -> attempt(target, asked, new Attempts()), Written.class).plan();
          plan.write().ifPresent(desired -> rehearseWrite(target, desired));
          return plan.detail();
        });
  }

  /** The name of the object a rehearsed write goes to: none of that name exists. */
  public static final String REHEARSAL_NAME = "hybrid-failover-rehearsal-no-such-object";

  /**
   * The write request, rehearsed: the planned object, renamed to {@link #REHEARSAL_NAME}, sent as a
   * dry-run update. The API answers 404 (there is no such object; an update never creates one, and
   * a dry run persists nothing anyway), so nothing anywhere changes, and the first real write finds
   * the client's request path loaded (~40 ms of the first failover in the outage drill).
   */
  private void rehearseWrite(T target, GenericKubernetesResource desired) {
    GenericKubernetesResource elsewhere = client.getKubernetesSerialization().clone(desired);
    elsewhere.getMetadata().setName(REHEARSAL_NAME);
    try {
      objects(target).resource(elsewhere).dryRun().update();
    } catch (KubernetesClientException e) {
      LOG.log(Level.DEBUG, "rehearsed write: " + ApiErrors.describe(e));
    }
  }

  /**
   * The target's object as the watch started by {@link #start} last saw it; empty before the start,
   * while the watch is not up, or if it has not seen the object.
   */
  public Optional<GenericKubernetesResource> watched(T target) {
    return watched.latest(target);
  }

  /** Stops the watches started by {@link #start}, and the lanes. */
  public void stop() {
    watched.stop();
    lanes.close();
  }

  /**
   * One attempt: read, plan, superseded?, write. The first attempt of a real command starts from
   * the watched copy when there is one (see {@link #writeFromWatched}).
   */
  private Written attempt(T target, Asked<A> asked, Attempts attempts) {
    attempts.count++;
    try {
      if (attempts.count == 1 && !asked.dryRun()) {
        Optional<Written> written = writeFromWatched(target, asked, attempts);
        if (written.isPresent()) {
          return written.get();
        }
      }
      Plan plan = plan(resource(target).get(), target, asked);
      attempts.resourceEpoch = plan.resourceEpoch();
      // On every attempt, the first included: a newer command for the service (seen by the
      // intake, or read back at start-up) is applied in its own turn, and this one must not
      // overwrite it. The object's own fence, when it refuses, says more.
      long newer = newest.newestEpoch(asked.service(), asked.epoch());
      if (newer > asked.epoch() && plan.outcome() != ActuationOutcome.STALE) {
        return new Written(
            Plan.superseded(target, asked.epoch(), newer, plan.resourceEpoch()), null);
      }
      if (asked.dryRun() || plan.write().isEmpty()) {
        return new Written(plan, null);
      }
      return new Written(plan, objects(target).resource(plan.desired()).update());
    } catch (KubernetesClientException e) {
      if (ApiErrors.retryable(e)) {
        LOG.log(Level.DEBUG, "retrying " + target.describe() + ": " + e.getMessage());
        throw new RetryableWriteException(target.describe() + ": " + ApiErrors.describe(e), e);
      }
      throw e;
    }
  }

  /**
   * The write without the read: planned from the watched copy and sent at once, with the copy's
   * resourceVersion, so the API server accepts it only if the copy was the object as it stands (a
   * 409 is then retried from a fresh read, as any conflict). Everything that is not a write (no
   * change needed, a fence, a refusal, a newer command) is decided from a fresh read instead, as is
   * a write to an object that is gone (404: the watch had not told yet).
   *
   * @return the write made, if any
   */
  private Optional<Written> writeFromWatched(T target, Asked<A> asked, Attempts attempts) {
    Optional<GenericKubernetesResource> copy = watched.latest(target);
    if (copy.isEmpty()) {
      return Optional.empty();
    }
    Plan plan = plan(copy.get(), target, asked);
    if (plan.write().isEmpty()
        || newest.newestEpoch(asked.service(), asked.epoch()) > asked.epoch()) {
      return Optional.empty();
    }
    try {
      GenericKubernetesResource stored = objects(target).resource(plan.desired()).update();
      attempts.resourceEpoch = plan.resourceEpoch();
      return Optional.of(new Written(plan, stored));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The kind's plan for what is asked of the object {@code current} (read or watched). */
  private Plan plan(GenericKubernetesResource current, T target, Asked<A> asked) {
    return Plan.of(
        current, target, asked.state(), asked.epoch(), asked.commandId(), actuator.desired(target));
  }

  /** Why a write failed, for a FAILED result. */
  private static String failure(Target target, Attempts attempts, RuntimeException e) {
    if (e instanceof KubernetesClientException api) {
      // Not worth a retry (403, 404 of the API, 422): a valid command that failed, not a bad
      // record, so it is answered, not dead-lettered.
      return target.describe()
          + ": "
          + ApiErrors.describe(api)
          + " (not retried now; the drift check retries every cycle)";
    }
    return "gave up after "
        + attempts.count
        + " attempts: "
        + e.getMessage()
        + "; the drift check retries every cycle";
  }

  private Asked<A> asked(Command command, boolean dryRun, Instant received) {
    return new Asked<>(
        command.service(),
        command.commandId(),
        command.epoch(),
        actuator.asked(command),
        dryRun,
        received);
  }

  private LongSupplier newestEpoch(Asked<A> asked) {
    return () -> newest.newestEpoch(asked.service(), asked.epoch());
  }

  private CompletionStage<Void> refuse(Command command, Instant received) {
    String detail = actuator.notTargeted(command.service());
    LOG.log(
        Level.INFO, command.service() + " epoch " + command.epoch() + ": REFUSED (" + detail + ")");
    return send.apply(
        events.of(
            command.commandId(),
            command.service(),
            command.epoch(),
            ActuationOutcome.REFUSED,
            "service " + command.service(),
            1,
            detail,
            null,
            received));
  }

  /**
   * @param context prefixes the result's detail ({@code drift corrected: }); left out of the log
   *     line of an outcome not worth a result, where it would say that something was corrected or
   *     applied when nothing was
   * @param detail what happened to the object
   */
  private Reconciliation answer(
      T target,
      Asked<A> asked,
      Attempts attempts,
      ActuationOutcome outcome,
      String context,
      String detail,
      Set<ActuationOutcome> reported) {
    if (!reported.contains(outcome)) {
      // A drift check that found the object as asked is routine (DEBUG); a write that failed again
      // after a result said so is still worth a line each cycle.
      LOG.log(
          outcome == ActuationOutcome.FAILED ? Level.INFO : Level.DEBUG,
          asked.service()
              + " epoch "
              + asked.epoch()
              + ": "
              + outcome
              + " again, no new result ("
              + detail
              + ")");
      return new Reconciliation(CompletableFuture.completedFuture(null), false);
    }
    return new Reconciliation(publish(target, asked, attempts, outcome, context + detail), false);
  }

  private CompletionStage<Void> publish(
      T target, Asked<A> asked, Attempts attempts, ActuationOutcome outcome, String detail) {
    LOG.log(
        Level.INFO,
        asked.service()
            + " epoch "
            + asked.epoch()
            + ": "
            + outcome
            + " "
            + target.describe()
            + " ("
            + detail
            + ")");
    // Counted for the alerts and the dashboard (deploy/monitoring): outcomes per actuator and
    // service.
    Metrics.counter(
            "hybrid.actuator.results",
            "actuator",
            actuator.name(),
            "service",
            asked.service(),
            "outcome",
            outcome.wireName())
        .increment();
    return send.apply(
        events.of(
            asked.commandId(),
            asked.service(),
            asked.epoch(),
            outcome,
            target.describe(),
            attempts.count,
            detail,
            attempts.resourceEpoch,
            asked.receivedAt()));
  }

  private Resource<GenericKubernetesResource> resource(T target) {
    return objects(target).withName(target.name());
  }

  /** The objects of the target's kind, in its namespace if it has one. */
  private NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      objects(T target) {
    MixedOperation<
            GenericKubernetesResource,
            GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>>
        all = client.genericKubernetesResources(target.definition());
    return target.namespace() == null ? all : all.inNamespace(target.namespace());
  }
}
