package io.hybridfailover.actuation.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.dsl.MockServerExpectation;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.hybridfailover.actuation.CatalogActuator;
import io.hybridfailover.actuation.CommandLogFields;
import io.hybridfailover.actuation.Ownership;
import io.hybridfailover.actuation.ReconcileLoop;
import io.hybridfailover.actuation.Target;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.kafka.EventDeserializer;
import io.hybridfailover.kafka.embedded.TopicClient;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every actuator keeps, run by each against its running application: commands through
 * the real embedded broker, its object for {@code shop/web} (named web, in namespace shop) in the
 * fabric8 mock API server in CRUD mode, results back on the topic; a second service, {@code
 * shop/stuck} (object stuck), for what one service's write must not do to another's. A subclass is
 * a {@code @QuarkusTest} that says only what is its own: which object, how it looks, how another
 * controller or a user would change it.
 */
public abstract class ActuatorContract {

  protected static final String SERVICE = "shop/web";

  /** A second service of the same kind, whose object is named stuck. */
  protected static final String STUCK_SERVICE = "shop/stuck";

  /** Longer than the client's request timeout (5 s): the write waits as long as it may. */
  private static final Duration HANG = Duration.ofSeconds(8);

  /** Above the epochs of the actuators' own tests, which share the running application. */
  private static final AtomicLong EPOCHS = new AtomicLong(1_000_000);

  private TopicClient topics;
  private final Map<String, Integer> sent = new HashMap<>();

  /** The embedded broker's address. */
  protected abstract String bootstrapServers();

  protected abstract KubernetesClient client();

  /** Expectations of the mock API server, ahead of its CRUD behaviour. */
  protected abstract MockServerExpectation expect();

  /** The mock API server itself, for the requests it received. */
  protected abstract KubernetesMockServer mockServer();

  /** The running actuator. */
  protected abstract CatalogActuator<?, ?> actuator();

  /** The service's scheduler, which runs the drift cycle. */
  protected abstract Scheduler scheduler();

  /** The actuator's typed {@code drift-interval} setting. */
  protected abstract Duration driftInterval();

  /** The kind of the object (namespaced, in namespace shop, named web). */
  protected abstract ResourceDefinitionContext kind();

  /** Creates the object named {@code name} as the user left it (traffic and replicas home). */
  protected abstract void create(String name, Map<String, String> labels);

  /** Creates the object of {@code shop/web} as the user left it. */
  protected void create(Map<String, String> labels) {
    create("web", labels);
  }

  /** What the object asks for now (weights, placement), to compare: "nothing was written". */
  protected abstract Object state();

  /** Makes the object one we must not drive; returns a word the refusal must name. */
  protected abstract String handToAnotherController();

  /** Edits the object as a user would, away from what it was last written for. */
  protected abstract void editAsAUser();

  @BeforeEach
  void freshObject() {
    topics = new TopicClient(bootstrapServers());
    object().delete();
    create(Map.of(Ownership.MANAGED_LABEL, "true"));
    // Every test starts with the actuator's watch current, so that a first write starts from it.
    WatchedCopies.awaitCurrent(actuator(), SERVICE, object().get());
  }

  @AfterEach
  void forgetTheContractsEpochs() {
    topics.close();
    // The actuator's own tests count from lower epochs in the same application.
    actuator().loop().newest().forget(SERVICE);
    actuator().loop().newest().forget(STUCK_SERVICE);
  }

  /**
   * Services reconcile independently: while one service's write hangs at the API server, another
   * service's command, taken after it, is written and answered; the hung one is answered after (its
   * attempt times out and is retried from a fresh read).
   */
  @Test
  void aWriteThatHangsForOneService_delaysNoOtherServicesWrite() throws InterruptedException {
    object("stuck").delete();
    create("stuck", Map.of(Ownership.MANAGED_LABEL, "true"));
    WatchedCopies.awaitCurrent(actuator(), STUCK_SERVICE, object("stuck").get());
    expect()
        .put()
        .delay(HANG.toMillis(), TimeUnit.MILLISECONDS)
        .withPath(path("stuck"))
        .andReturn(500, status(500, "hung"))
        .once();
    objectRequests();
    Command stuck = command(STUCK_SERVICE, Mode.FAILED_OVER, Routing.allGke(), Placement.GKE);
    topics.send(Event.of("/failover-decider/contract", stuck));
    // The stuck service's write is at the API server, waiting, before the other command is sent.
    List<RecordedRequest> seen = new java.util.ArrayList<>();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              seen.addAll(requestsFor(path("stuck")));
              return seen.stream().anyMatch(r -> r.getMethod().equals("PUT"));
            });

    ActuationResult other = send(toGke(false));
    ActuationResult hung = awaitResult(r -> r.commandId().equals(stuck.commandId()), 1);

    assertEquals(ActuationOutcome.APPLIED, other.outcome(), other.detail());
    assertTrue(
        other.completedAt().isBefore(hung.completedAt()),
        "the other service was answered at "
            + other.completedAt()
            + ", only after the hung write's answer at "
            + hung.completedAt()
            + " ("
            + hung.outcome()
            + ": "
            + hung.detail()
            + ")");
    assertTrue(hung.attempt() >= 2, "the hung attempt was retried: " + hung);
  }

  @Test
  void apply_isAppliedAndStampsTheEpoch() {
    Object before = state();

    Command command = toGke(false);
    ActuationResult result = send(command);

    assertEquals(ActuationOutcome.APPLIED, result.outcome(), result.detail());
    assertTrue(!before.equals(state()), "the object changed");
    assertEquals(
        Long.toString(result.epoch()),
        object().get().getMetadata().getAnnotations().get(Ownership.EPOCH_ANNOTATION));
    assertEquals(0L, result.resourceEpoch(), "the object carried no epoch when read");
    // When the actuator took the command: after it was issued, before the result was complete.
    assertNotNull(result.commandReceivedAt(), "commandReceivedAt");
    assertTrue(
        !result.commandReceivedAt().isBefore(command.issuedAt())
            && !result.commandReceivedAt().isAfter(result.completedAt()),
        "issued "
            + command.issuedAt()
            + ", received "
            + result.commandReceivedAt()
            + ", done "
            + result.completedAt());
  }

  /**
   * A failover's write costs one request: it starts from the watched copy, with that copy's
   * resourceVersion (PlanTest), so the API server refuses it if the copy was behind (the conflict
   * test shows what follows a refusal).
   */
  @Test
  void aWrite_startsFromTheWatchedCopyWithoutARead() throws InterruptedException {
    String watchedVersion = version();
    objectRequests();

    ActuationResult result = send(toGke(false));

    assertEquals(ActuationOutcome.APPLIED, result.outcome(), result.detail());
    assertEquals(1, result.attempt());
    assertEquals(
        List.of("PUT " + path()),
        objectRequests().stream().map(r -> r.getMethod() + " " + r.getPath()).toList(),
        "requests for the object");
    assertTrue(
        Long.parseLong(version()) > Long.parseLong(watchedVersion), "the API server took it");
  }

  @Test
  void applyAgain_isUnchangedAndWritesNothing() {
    Command command = toGke(false);
    send(command);
    String version = version();

    ActuationResult again = send(command);

    assertEquals(ActuationOutcome.UNCHANGED, again.outcome(), again.detail());
    assertEquals(version, version(), "no write");
    assertEquals(command.epoch(), again.resourceEpoch());
  }

  @Test
  void stale_isRefusedWithTheResourcesEpochAndNoWrite() {
    Command older = toGke(false);
    Command newer = home(false);
    send(newer);
    Object state = state();
    String version = version();

    ActuationResult result = send(older);

    assertEquals(ActuationOutcome.STALE, result.outcome());
    assertTrue(result.detail().contains("newer than " + older.epoch()), result.detail());
    assertEquals(newer.epoch(), result.resourceEpoch(), "the epoch the object carries");
    assertEquals(version, version(), "no write");
    assertEquals(state, state());
  }

  @Test
  void notOptedIn_isRefused() {
    object().delete();
    create(Map.of("team", "shop"));
    Object state = state();

    ActuationResult result = send(toGke(false));

    assertEquals(ActuationOutcome.REFUSED, result.outcome());
    assertTrue(result.detail().contains(Ownership.MANAGED_LABEL), result.detail());
    assertEquals(state, state());
  }

  @Test
  void ownedByAnotherController_isRefusedSayingSo() {
    String word = handToAnotherController();
    Object state = state();

    ActuationResult result = send(toGke(false));

    assertEquals(ActuationOutcome.REFUSED, result.outcome());
    assertTrue(result.detail().contains(word), result.detail());
    assertEquals(state, state());
  }

  @Test
  void aConflict_isRetriedFromAFreshReadAndSucceeds() {
    expect().put().withPath(path()).andReturn(409, status(409, "Conflict")).once();

    ActuationResult result = send(toGke(false));

    assertEquals(ActuationOutcome.APPLIED, result.outcome(), result.detail());
    assertEquals(2, result.attempt());
  }

  @Test
  void repeatedServerErrors_endInFailedWithTheReason() {
    Object state = state();
    expect().put().withPath(path()).andReturn(500, status(500, "etcd is down")).times(6);

    ActuationResult result = send(toGke(false));

    assertEquals(ActuationOutcome.FAILED, result.outcome());
    assertEquals(6, result.attempt());
    assertTrue(result.detail().contains("HTTP 500"), result.detail());
    assertEquals(0L, result.resourceEpoch());
    assertEquals(state, state(), "nothing was written");
  }

  @Test
  void forbidden_isFailedAtOnceNotRetried() {
    expect().put().withPath(path()).andReturn(403, status(403, "RBAC says no")).once();

    ActuationResult result = send(toGke(false));

    assertEquals(ActuationOutcome.FAILED, result.outcome());
    assertEquals(1, result.attempt(), "a 403 is not retried");
    assertTrue(result.detail().contains("HTTP 403: RBAC says no"), result.detail());
  }

  @Test
  void dryRun_reportsAndWritesNothing() {
    String version = version();

    ActuationResult result = send(toGke(true));

    assertEquals(ActuationOutcome.APPLIED, result.outcome());
    assertTrue(result.detail().startsWith("dry run, nothing written"), result.detail());
    assertEquals(version, version());
  }

  @Test
  void drift_isCorrectedFromWhatTheObjectWasLastWrittenFor() throws InterruptedException {
    ActuationResult applied = send(toGke(false));
    Object written = state();
    editAsAUser();

    correct(actuator());

    ActuationResult corrected =
        awaitResult(
            r -> r.commandId().equals(applied.commandId()) && r.detail().startsWith("drift"), 1);
    assertEquals(ActuationOutcome.APPLIED, corrected.outcome());
    assertTrue(corrected.detail().startsWith("drift corrected"), corrected.detail());
    assertNull(corrected.commandReceivedAt(), "a drift correction answers no command received");
    assertEquals(written, state());
  }

  /**
   * A fleet's drift cycle must not cost the API server a read per object every interval: an object
   * found as written in the watched copy is not read.
   */
  @Test
  void aDriftCheckOfAnObjectAsWritten_sendsNoRequest() throws InterruptedException {
    send(toGke(false));

    Optional<ReconcileLoop.Reconciliation> started = correct(actuator());

    assertEquals(Optional.empty(), started, "found as written: nothing started");
    assertEquals(
        List.of(),
        objectRequests().stream().map(r -> r.getMethod() + " " + r.getPath()).toList(),
        "requests for the object");
  }

  /** The post-mortem reads the logs too: a drift check that wrote nothing must not say it fixed. */
  @Test
  void aDriftCheckThatFindsTheObjectAsAsked_neitherPublishesNorLogsACorrection()
      throws InterruptedException {
    ActuationResult applied = send(toGke(false));
    List<String> logged = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= java.util.logging.Level.INFO.intValue()) {
              logged.add(String.valueOf(record.getMessage()));
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    java.util.logging.Logger log =
        java.util.logging.Logger.getLogger(ReconcileLoop.class.getName());
    log.addHandler(capture);
    try {
      assertEquals(Optional.empty(), correct(actuator()), "found as written: nothing started");
    } finally {
      log.removeHandler(capture);
    }

    assertTrue(
        logged.stream().noneMatch(line -> line.contains("corrected")),
        "nothing was corrected, yet the log said: " + logged);
    // A result of the check would be on the service's partition before the next command's.
    ActuationResult next = send(home(false));
    List<ActuationResult> results =
        topics
            .readUntil(
                List.of(Topics.RESULTS),
                new EventDeserializer(),
                read ->
                    read.stream()
                        .map(ActuatorContract::result)
                        .anyMatch(r -> r.commandId().equals(next.commandId())),
                Duration.ofSeconds(60))
            .stream()
            .map(ActuatorContract::result)
            .toList();
    assertTrue(
        results.stream()
            .noneMatch(
                r -> r.commandId().equals(applied.commandId()) && r.detail().startsWith("drift")),
        "and no result says so either: " + results);
  }

  /**
   * The log lines written while a command's write runs (here the retry after a conflict, logged
   * inside the attempt on the service's lane) carry the command's service, epoch and id as MDC
   * fields; once it is answered, no thread of the lanes keeps them.
   */
  @Test
  void aCommandsWrite_logsWithItsServiceEpochAndIdThatAreClearedAfterwards()
      throws InterruptedException {
    expect().put().withPath(path()).andReturn(409, status(409, "Conflict")).once();
    List<Map<String, Object>> duringTheWrite = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (String.valueOf(record.getMessage()).startsWith("retrying")) {
              // Read on the logging thread, as a log format reads them.
              Map<String, Object> fields = new HashMap<>();
              fields.put(CommandLogFields.SERVICE, MDC.get(CommandLogFields.SERVICE));
              fields.put(CommandLogFields.EPOCH, MDC.get(CommandLogFields.EPOCH));
              fields.put(CommandLogFields.COMMAND_ID, MDC.get(CommandLogFields.COMMAND_ID));
              duringTheWrite.add(fields);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    java.util.logging.Logger log =
        java.util.logging.Logger.getLogger(ReconcileLoop.class.getName());
    java.util.logging.Level level = log.getLevel();
    log.setLevel(java.util.logging.Level.FINE);
    log.addHandler(capture);
    Command command = toGke(false);
    ActuationResult result;
    try {
      result = send(command);
    } finally {
      log.removeHandler(capture);
      log.setLevel(level);
    }

    assertEquals(2, result.attempt(), "the conflict was retried: " + result);
    assertEquals(
        List.of(
            Map.of(
                CommandLogFields.SERVICE, SERVICE,
                CommandLogFields.EPOCH, Long.toString(command.epoch()),
                CommandLogFields.COMMAND_ID, command.commandId())),
        duringTheWrite,
        "the fields of the retry's log line");
    // Every thread of the lanes at once (each holds until all run), the command's among them.
    int threads = actuator().loop().lanes().concurrency();
    CountDownLatch running = new CountDownLatch(threads);
    List<Object> left = new CopyOnWriteArrayList<>();
    CountDownLatch probed = new CountDownLatch(threads);
    for (int i = 0; i < threads; i++) {
      actuator()
          .loop()
          .lanes()
          .submit(
              "probe-" + i,
              () -> {
                running.countDown();
                try {
                  running.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                Optional.ofNullable(MDC.get(CommandLogFields.SERVICE)).ifPresent(left::add);
                Optional.ofNullable(MDC.get(CommandLogFields.COMMAND_ID)).ifPresent(left::add);
                probed.countDown();
              });
    }
    assertTrue(probed.await(30, TimeUnit.SECONDS), "the probes ran");
    assertEquals(List.of(), left, "fields left on a lane's thread");
  }

  /**
   * The superseded check runs before every write attempt, the first included: a command older than
   * the newest seen for the service (re-read after a restart, say) is not written, although the
   * object's own fence, still below both, would let it through.
   */
  @Test
  void superseded_isCheckedOnEveryAttemptTheFirstIncluded() {
    Command older = home(false);
    Command newer = toGke(false);
    expect().put().withPath(path()).andReturn(500, status(500, "etcd is down")).times(6);
    assertEquals(ActuationOutcome.FAILED, send(newer).outcome(), "the newer one's write gave up");
    Object state = state();

    ActuationResult result = send(older);

    assertEquals(ActuationOutcome.STALE, result.outcome());
    assertTrue(result.detail().contains("superseded by epoch " + newer.epoch()), result.detail());
    assertEquals(0L, result.resourceEpoch());
    assertEquals(state, state(), "the older command was not written");
  }

  @Test
  void aBadRecord_goesToTheDeadLetterTopicAndTheActuatorGoesOn() {
    String key = "broken-" + UUID.randomUUID();
    topics.sendRaw(Topics.COMMANDS, key, "{not an event");

    ConsumerRecord<String, String> dead =
        topics
            .awaitRecord(
                List.of(Topics.dlq(Topics.COMMANDS)),
                new StringDeserializer(),
                r -> key.equals(r.key()),
                Duration.ofSeconds(60))
            .orElseThrow(() -> new AssertionError("the record never reached the DLQ"));

    assertEquals("{not an event", dead.value());
    assertEquals(ActuationOutcome.APPLIED, send(toGke(false)).outcome(), "it goes on");
  }

  /**
   * The drift job runs every {@code drift-interval} (1 h in the tests). Its start is delayed by one
   * interval too, so the first check comes between one and two intervals after start-up.
   */
  @Test
  void theDriftCycle_isScheduledEveryDriftInterval() {
    Trigger job = scheduler().getScheduledJob(actuator().name() + "-drift");

    assertNotNull(job, "scheduled at start-up");
    Duration untilNext = Duration.between(Instant.now(), job.getNextFireTime());
    assertTrue(
        untilNext.compareTo(driftInterval().multipliedBy(2)) <= 0
            && untilNext.compareTo(driftInterval().multipliedBy(3).dividedBy(4)) > 0,
        "next drift check in " + untilNext + ", drift-interval " + driftInterval());
  }

  /**
   * Runs one drift check of the object now, once the watch the check starts from has seen the
   * object as it stands; the requests before it are taken away, so that the test can count the
   * check's own.
   */
  private <T extends Target, A> Optional<ReconcileLoop.Reconciliation> correct(
      CatalogActuator<T, A> actuator) throws InterruptedException {
    WatchedCopies.awaitCurrent(actuator, SERVICE, object().get());
    objectRequests();
    return actuator.loop().correct(actuator.target(SERVICE).orElseThrow());
  }

  protected Resource<GenericKubernetesResource> object() {
    return object("web");
  }

  protected Resource<GenericKubernetesResource> object(String name) {
    return client().genericKubernetesResources(kind()).inNamespace("shop").withName(name);
  }

  private String version() {
    return object().get().getMetadata().getResourceVersion();
  }

  /** The requests for the object itself received since the last call (watches and lists aside). */
  private List<RecordedRequest> objectRequests() throws InterruptedException {
    return requestsFor(path());
  }

  /** The requests for the object at {@code path} received since the last take of any request. */
  private List<RecordedRequest> requestsFor(String path) throws InterruptedException {
    List<RecordedRequest> requests = new java.util.ArrayList<>();
    RecordedRequest request;
    while ((request = mockServer().takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
      if (request.getPath().equals(path) || request.getPath().startsWith(path + "?")) {
        requests.add(request);
      }
    }
    return requests;
  }

  private String path() {
    return path("web");
  }

  private String path(String name) {
    return "/apis/%s/%s/namespaces/shop/%s/%s"
        .formatted(kind().getGroup(), kind().getVersion(), kind().getPlural(), name);
  }

  /** Failover: all traffic and a full copy on GKE. */
  private static Command toGke(boolean dryRun) {
    return command(Mode.FAILED_OVER, Routing.allGke(), Placement.GKE, dryRun);
  }

  /** Failback: all traffic home, the user's own placement. */
  private static Command home(boolean dryRun) {
    return command(Mode.FAILING_BACK, Routing.allDesktop(), Placement.PRIMARY, dryRun);
  }

  private static Command command(Mode mode, Routing routing, Placement placement, boolean dryRun) {
    return command(SERVICE, mode, routing, placement, dryRun);
  }

  private static Command command(String service, Mode mode, Routing routing, Placement placement) {
    return command(service, mode, routing, placement, false);
  }

  private static Command command(
      String service, Mode mode, Routing routing, Placement placement, boolean dryRun) {
    return new Command(
        UUID.randomUUID().toString(),
        service,
        EPOCHS.incrementAndGet(),
        mode,
        routing,
        placement,
        "contract",
        List.of(),
        dryRun,
        Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  /** Sends the command and returns its result (its n-th, if it was sent n times). */
  private ActuationResult send(Command command) {
    int n = sent.merge(command.commandId(), 1, Integer::sum);
    topics.send(Event.of("/failover-decider/contract", command));
    return awaitResult(
        r -> r.commandId().equals(command.commandId()) && !r.detail().startsWith("drift"), n);
  }

  /** Waits for the n-th result that matches. */
  private ActuationResult awaitResult(Predicate<ActuationResult> match, int n) {
    List<ActuationResult> matching =
        topics
            .readUntil(
                List.of(Topics.RESULTS),
                new EventDeserializer(),
                read -> read.stream().map(ActuatorContract::result).filter(match).count() >= n,
                Duration.ofSeconds(60))
            .stream()
            .map(ActuatorContract::result)
            .filter(match)
            .toList();
    if (matching.size() < n) {
      throw new AssertionError("result " + n + " never came; got " + matching);
    }
    return matching.get(n - 1);
  }

  private static ActuationResult result(ConsumerRecord<String, Event<?>> record) {
    return (ActuationResult) record.value().data();
  }

  private static String status(int code, String message) {
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":"
        + code
        + ",\"message\":\""
        + message
        + "\"}";
  }
}
