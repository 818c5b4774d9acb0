package io.hybridfailover.actuation;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Event;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import io.smallrye.health.api.HealthRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The reconcile loop of both actuators, written once, as a facade over its parts (each with one
 * job, as java-operator-sdk splits its dispatcher):
 *
 * <ul>
 *   <li>{@link CommandIntake}: a command decoded (a bad record is nacked to the dead-letter topic),
 *       remembered as the newest for its service, run on its service's lane ({@link ServiceLanes}),
 *       acknowledged once answered;
 *   <li>{@link Reconciler}: one desired state for one target, written, confirmed if the actuator
 *       does, answered;
 *   <li>{@link WriteAttempts}: the write with its retries, each from a fresh read (the first from
 *       the watched copy, {@link WatchedObjects}) with the "superseded by a newer command" check;
 *   <li>{@link ResultPublisher}: results, their log lines and their metrics;
 *   <li>{@link DriftCheck}: the drift cycle;
 *   <li>{@link StartupRecovery}: the start-up read of what was asked, and its readiness;
 *   <li>{@link StartupRehearsal}: the warm-up of the command path.
 * </ul>
 *
 * <p>The log lines of a command's handling carry its service, epoch and id as MDC fields ({@link
 * CommandLogFields}).
 *
 * @param <T> the actuator's targets
 * @param <A> what a command asks of a target
 */
public final class ReconcileLoop<T extends Target, A> {

  /** The longest a write with all its retries may take. */
  public static final long WRITE_BUDGET_MS = 20_000;

  /** The name of the object a rehearsed write goes to: none of that name exists. */
  public static final String REHEARSAL_NAME = "hybrid-failover-rehearsal-no-such-object";

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

  private final Actuator<T, A> actuator;
  private final TargetObjects objects;
  private final NewestCommands newest = new NewestCommands();
  private final WatchedObjects watched = new WatchedObjects();
  private final ServiceLanes lanes;
  private final Reconciler<T, A> reconciler;
  private final CommandIntake<T, A> intake;
  private final DriftCheck<T, A> drift;
  private final StartupRecovery recovery;
  private final StartupRehearsal<T, A> rehearsal;

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
    this.objects = new TargetObjects(client);
    this.lanes = new ServiceLanes(actuator.name(), concurrency);
    WriteAttempts<T, A> writes = new WriteAttempts<>(actuator, objects, watched, newest);
    ResultPublisher results = new ResultPublisher(actuator.name(), instanceId, send);
    this.reconciler = new Reconciler<>(actuator, writes, results, newest);
    this.intake = new CommandIntake<>(actuator, newest, lanes, reconciler, results);
    this.drift = new DriftCheck<>(actuator, objects, watched, newest, lanes, reconciler);
    this.recovery = new StartupRecovery(actuator.name(), newest);
    this.rehearsal = new StartupRehearsal<>(actuator, objects, writes, reconciler);
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
    return intake.onCommand(message);
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
    return reconciler.reconcile(target, asked, context, reported);
  }

  /**
   * One drift check: a command newer than what the object was last written for (one whose write
   * gave up) is applied again; an object whose kept state someone edited is restored from what the
   * object itself carries (epoch, command id, {@link Actuator#kept}), so this also works right
   * after a restart. It starts from the watched copy: an object found as written costs no request.
   *
   * @return the reconciliation started, if any (none for an object found as written)
   */
  public Optional<Reconciliation> correct(T target) {
    return drift.correct(target);
  }

  /**
   * One drift cycle over every target, each check on its service's lane: side by side within the
   * bound, and one stuck target delays no other. A service whose lane is busy (a command, or the
   * previous cycle's check still retrying) is skipped this cycle: that work reconciles it anyway.
   */
  public void correctDrift() {
    drift.correctAll();
  }

  /** The lanes commands and drift checks run on, for their gauges and for tests. */
  public ServiceLanes lanes() {
    return lanes;
  }

  /**
   * At start-up: watches the targets' objects, schedules the drift cycle every {@code
   * driftInterval} on the service's scheduler, skipped while the application is not running; then,
   * off the start-up path, remembers what was asked before this process started ({@link
   * StartupRecovery}, whose readiness check is registered here), and after that rehearses the
   * command path in the background.
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
    readiness.register(actuator.name() + " command history", recovery::check);
    for (T target : actuator.targets()) {
      watched.watch(target, objects.objects(target));
    }
    scheduler
        .newJob(actuator.name() + "-drift")
        .setInterval(driftInterval.toString())
        .setDelayed(driftInterval.toString())
        .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
        .setSkipPredicate(Scheduled.ApplicationNotRunning.class)
        .setTask(execution -> correctDrift())
        .schedule();
    recovery.start(kafka, () -> background.execute(this::rehearse));
  }

  /**
   * Rehearses the command path once as a dry run against each target ({@link StartupRehearsal}).
   * Nothing is written and nothing is published.
   *
   * @return against how many targets it got to a plan
   */
  public int rehearse() {
    return rehearsal.rehearse();
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
}
