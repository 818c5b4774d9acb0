package io.hybridfailover.devstack.world;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.hybridfailover.devstack.drill.Moment;
import io.hybridfailover.devstack.drill.Moment.CommandIssued;
import io.hybridfailover.devstack.drill.Moment.DeadLetter;
import io.hybridfailover.devstack.drill.Moment.FleetCommand;
import io.hybridfailover.devstack.drill.Moment.FleetResult;
import io.hybridfailover.devstack.drill.Moment.FleetRouting;
import io.hybridfailover.devstack.drill.Moment.ObjectWrite;
import io.hybridfailover.devstack.drill.Moment.PlacementChange;
import io.hybridfailover.devstack.drill.Moment.ProbeObserved;
import io.hybridfailover.devstack.drill.Moment.ResultPublished;
import io.hybridfailover.devstack.drill.Moment.RoutingChange;
import io.hybridfailover.devstack.drill.Moment.VerdictChange;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.EventData;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.Placement;
import io.hybridfailover.events.Routing;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.Transition;
import io.hybridfailover.events.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Everything that happens to {@code shop/web}, as one timeline: the probers' observations, the
 * decider's verdicts and commands and the actuators' results (read from the topics, timed as the
 * events say, with when this reader first read each observation and command), and the route's
 * weights (HTTPRoute or TrafficSplit) and the PropagationPolicy's clusters (watched on the API
 * server). The other services of a fleet ({@code ./demo --services N}) have moments of their own
 * (their commands, results and route weights), and their objects' writes are watched alike.
 */
final class Recorder implements AutoCloseable {

  static final String SERVICE = "shop/web";

  /** The annotation every actuator write carries (actuator-support's Ownership): its epoch. */
  static final String EPOCH_ANNOTATION = "hybrid-failover.io/epoch";

  private final List<Moment> moments = new ArrayList<>();
  private final List<Watch> watches = new ArrayList<>();
  private final Consumer<Moment> live;
  private final List<KafkaConsumer<String, byte[]>> consumers = new ArrayList<>();
  private final List<Thread> readers = new ArrayList<>();
  private final EventCodec codec = new EventCodec();
  private final Route route;
  private final SharedIndexInformer<GenericKubernetesResource> splits;
  private final SharedIndexInformer<GenericKubernetesResource> policies;
  private final SharedIndexInformer<GenericKubernetesResource> bindings;
  private final List<SharedIndexInformer<GenericKubernetesResource>> fleetInformers =
      new ArrayList<>();

  /** The services of the fleet beyond {@code shop/web}: their moments are the fleet's. */
  private final java.util.Set<String> fleet;

  /** Each other service's desktop weight in its route now, as the synthetic user routes. */
  private final Map<String, Integer> fleetWeights = new java.util.concurrent.ConcurrentHashMap<>();

  private volatile int desktopWeight = 100;
  private volatile boolean running = true;
  private List<String> placed = List.of("desktop");

  /** Tells the drill's own poison records from valid ones, in the DLQs and on the topics. */
  private final PoisonProducer poison;

  /** The resourceVersion of each watched object last seen, so that a resync is not a write. */
  private final Map<String, String> versions = new java.util.concurrent.ConcurrentHashMap<>();

  Recorder(
      String bootstrap,
      KubernetesClient client,
      Route route,
      Consumer<Moment> live,
      PoisonProducer poison,
      List<String> fleet) {
    this.fleet = java.util.Set.copyOf(fleet);
    this.live = live;
    this.route = route;
    this.poison = poison;
    // What the decider writes in exactly-once transactions: when this reader first reads a record
    // is a stage time (stagesMs), and a read_committed fetch is not answered when a transaction's
    // marker makes records readable, only when its wait ends: wait at most 10 ms, as the actuators.
    warmUp();
    read(bootstrap, "recorder-committed", 10, List.of(Topics.TRANSITIONS, Topics.COMMANDS));
    // What idempotent producers append: a fetch is answered as soon as a record is appended, so
    // the default wait costs no time, and the broker serves two fetches a second instead of a
    // hundred (the recorder is the drill's instrument: it must not load the machine it measures).
    List<String> appended = new ArrayList<>(List.of(Topics.OBSERVATIONS, Topics.RESULTS));
    Topics.deadLetterTopics().forEach(spec -> appended.add(spec.name()));
    read(bootstrap, "recorder-appended", 500, appended);

    splits =
        client
            .genericKubernetesResources(route.definition())
            .inNamespace("shop")
            .withName("web")
            .inform(onChange(this::routingSeen));
    policies =
        client
            .genericKubernetesResources(KubeApiDouble.PROPAGATION_POLICIES)
            .inNamespace("shop")
            .withName("web")
            .inform(onChange(this::policySeen));
    // Where Karmada runs copies is the binding's schedule, not the policy's cluster names: a
    // policy that keeps both clusters and moves the weights (the deploy sample) changes no name.
    bindings =
        client
            .genericKubernetesResources(KubeApiDouble.RESOURCE_BINDINGS)
            .inNamespace("shop")
            .withName(SHOP_WEB_BINDING)
            .inform(onChange(this::placementSeen));
    if (!fleet.isEmpty()) {
      // The fleet's routes and policies, in every namespace: their writes (stale writes count
      // them) and each route's weights.
      fleetInformers.add(
          client
              .genericKubernetesResources(route.definition())
              .inAnyNamespace()
              .inform(onChange(this::fleetRoutingSeen)));
      fleetInformers.add(
          client
              .genericKubernetesResources(KubeApiDouble.PROPAGATION_POLICIES)
              .inAnyNamespace()
              .inform(onChange(this::fleetPlacementSeen)));
    }
  }

  /** The desktop's weight in {@code service}'s route now (a service of the fleet, or shop/web). */
  int desktopWeight(String service) {
    return service.equals(SERVICE) ? desktopWeight : fleetWeights.getOrDefault(service, 100);
  }

  private static String id(GenericKubernetesResource object) {
    return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }

  @SuppressWarnings("unchecked")
  private void fleetRoutingSeen(Instant seen, GenericKubernetesResource resource) {
    String service = id(resource);
    if (!fleet.contains(service)) {
      return;
    }
    writeSeen(seen, route.kind() + " " + service, resource);
    int[] weights =
        route.weights(
            (Map<String, Object>) resource.getAdditionalProperties().get("spec"),
            resource.getMetadata().getName());
    Integer before = fleetWeights.put(service, weights[0]);
    if (before == null ? weights[0] != 100 : before != weights[0]) {
      add(new FleetRouting(seen, service, weights[0], weights[1]));
    }
  }

  private void fleetPlacementSeen(Instant seen, GenericKubernetesResource policy) {
    if (fleet.contains(id(policy))) {
      writeSeen(seen, "PropagationPolicy " + id(policy), policy);
    }
  }

  /** The ResourceBinding Karmada derives from shop/web's Deployment. */
  private static final String SHOP_WEB_BINDING = "web-deployment";

  /** The desktop's weight in the route now, as the synthetic user routes. */
  int desktopWeight() {
    return desktopWeight;
  }

  /** Every moment so far, in time order. */
  synchronized List<Moment> timeline() {
    List<Moment> sorted = new ArrayList<>(moments);
    sorted.sort(Comparator.comparing(Moment::at));
    return sorted;
  }

  synchronized boolean seen(Predicate<Moment> match) {
    return moments.stream().anyMatch(match);
  }

  synchronized void add(Moment moment) {
    moments.add(moment);
    live.accept(moment);
    for (java.util.Iterator<Watch> it = watches.iterator(); it.hasNext(); ) {
      Watch watch = it.next();
      if (watch.match().test(moment)) {
        it.remove();
        // On its own thread: the reader must go on reading (a fault may take the broker away).
        Thread then = new Thread(watch.then(), "recorder-watch");
        then.setDaemon(true);
        then.start();
      }
    }
  }

  /** Runs {@code then} once, on its own thread, when the next moment that {@code match}es comes. */
  synchronized void onNext(Predicate<Moment> match, Runnable then) {
    watches.add(new Watch(match, then));
  }

  private record Watch(Predicate<Moment> match, Runnable then) {}

  /**
   * Decodes a command and a transition, makes their moments and describes them once before the
   * drill: the first of each (their record types, the string concatenations of their descriptions)
   * otherwise costs this JVM, which also serves the API and the apps, 100-200 ms of CPU in the
   * middle of the failover it measures (JFR execution samples of the outage drill).
   */
  private void warmUp() {
    Instant now = Instant.now();
    Command command =
        new Command(
            "warm-up",
            SERVICE,
            1,
            Mode.FAILED_OVER,
            Routing.allGke(),
            Placement.GKE,
            "warm-up",
            List.of("warm-up"),
            true,
            now);
    Transition transition =
        new Transition(
            SERVICE, Cluster.DESKTOP, Verdict.UP, Verdict.DOWN, Map.of(), "warm-up", now);
    List<Moment> moments = new ArrayList<>();
    for (EventData data : List.<EventData>of(command, transition)) {
      Event<?> event = Event.of("/warm-up", data);
      ConsumerRecord<String, byte[]> record =
          new ConsumerRecord<>(event.topic(), 0, 0, SERVICE, codec.encode(event));
      moments.add(moment(record, now).orElseThrow());
    }
    moments.add(new ObjectWrite(now, "warm-up", 1));
    moments.add(new RoutingChange(now, 0, 100));
    moments.add(new PlacementChange(now, List.of("desktop", "gke")));
    for (Moment moment : moments) {
      moment.describe();
    }
  }

  /** Reads {@code topics} from the beginning on a thread of its own. */
  private void read(String bootstrap, String name, int fetchWaitMs, List<String> topics) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // The decider writes with exactly-once: show only what it committed.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, String.valueOf(fetchWaitMs));
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      consumer
          .partitionsFor(topic, Duration.ofSeconds(30))
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Thread reader = new Thread(() -> read(consumer), name);
    reader.setDaemon(true);
    consumers.add(consumer);
    readers.add(reader);
    reader.start();
  }

  private void read(KafkaConsumer<String, byte[]> consumer) {
    try {
      while (running) {
        try {
          ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
          Instant seen = Instant.now();
          for (ConsumerRecord<String, byte[]> record : records) {
            moment(record, seen).ifPresent(this::add);
          }
        } catch (WakeupException e) {
          throw e;
        } catch (KafkaException e) {
          // The broker away (a drill's fault): keep the positions, try again; it comes back.
          Thread.sleep(200);
        }
      }
    } catch (WakeupException | InterruptedException e) {
      // closing
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  /**
   * @param seen when this read_committed reader got the record: a command was committed by then, an
   *     observation on the broker
   */
  private Optional<Moment> moment(ConsumerRecord<String, byte[]> record, Instant seen) {
    if (record.topic().endsWith(".dlq")) {
      return Optional.of(
          new DeadLetter(
              Instant.ofEpochMilli(record.timestamp()),
              record.topic(),
              poison.poisonId(record.topic(), record.value(), record.headers()).orElse(null)));
    }
    if (!fleet.isEmpty()
        && record.topic().equals(Topics.OBSERVATIONS)
        && record.key() != null
        && !record.key().startsWith(SERVICE + "@")) {
      return Optional.empty(); // the fleet's observations: not decoded, the figures need none
    }
    if (PoisonProducer.isPoison(record.headers())) {
      return Optional.empty(); // the drill's own poison: the services must not act on it
    }
    Event<?> event;
    try {
      event = codec.decode(record.value());
    } catch (RuntimeException e) {
      return Optional.empty(); // not ours to judge: the services dead-letter it
    }
    Moment moment = null;
    if (event.data() instanceof Observation o && o.service().equals(SERVICE)) {
      moment =
          new ProbeObserved(
              o.observedAt(),
              o.prober(),
              o.cluster(),
              o.outcome(),
              o.latencyMs(),
              Instant.ofEpochMilli(record.timestamp()),
              seen);
    } else if (event.data() instanceof Transition t && t.service().equals(SERVICE)) {
      moment = new VerdictChange(t.at(), t.cluster(), t.from(), t.to(), t.reason());
    } else if (event.data() instanceof Command c && c.service().equals(SERVICE)) {
      moment =
          new CommandIssued(
              c.issuedAt(), c.epoch(), c.mode(), c.routing(), c.placement(), c.reason(), seen);
    } else if (event.data() instanceof ActuationResult r && r.service().equals(SERVICE)) {
      moment =
          new ResultPublished(
              r.completedAt(),
              r.actuator(),
              r.epoch(),
              r.outcome(),
              r.detail(),
              r.commandReceivedAt(),
              ResultPublished.replicaIn(event.source(), r.actuator()));
    } else if (event.data() instanceof Command c && fleet.contains(c.service())) {
      moment = new FleetCommand(c.issuedAt(), c.service(), c.epoch(), c.mode(), c.routing(), seen);
    } else if (event.data() instanceof ActuationResult r && fleet.contains(r.service())) {
      moment =
          new FleetResult(
              r.completedAt(), r.service(), r.actuator(), r.epoch(), r.outcome(), r.detail());
    }
    return Optional.ofNullable(moment);
  }

  /** A write of {@code object} that carries our epoch annotation (not a resync, not the seed). */
  private void writeSeen(Instant seen, String object, GenericKubernetesResource resource) {
    String version = resource.getMetadata().getResourceVersion();
    if (version == null || version.equals(versions.put(object, version))) {
      return;
    }
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    String epoch = annotations == null ? null : annotations.get(EPOCH_ANNOTATION);
    if (epoch != null) {
      try {
        add(new ObjectWrite(seen, object, Long.parseLong(epoch)));
      } catch (NumberFormatException e) {
        // not an epoch we wrote
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void routingSeen(Instant seen, GenericKubernetesResource resource) {
    writeSeen(seen, route.kind() + " shop/web", resource);
    int[] weights =
        route.weights((Map<String, Object>) resource.getAdditionalProperties().get("spec"));
    int desktop = weights[0];
    int gke = weights[1];
    if (desktop != desktopWeight || gke != 100 - desktopWeight) {
      desktopWeight = desktop;
      add(new RoutingChange(seen, desktop, gke));
    }
  }

  private void policySeen(Instant seen, GenericKubernetesResource policy) {
    writeSeen(seen, "PropagationPolicy shop/web", policy);
  }

  /** The clusters the binding schedules replicas on (Karmada drops clusters given none). */
  private synchronized void placementSeen(Instant seen, GenericKubernetesResource binding) {
    List<String> clusters = SimulatedScheduler.scheduledClusters(binding);
    if (!clusters.equals(placed)) {
      placed = clusters;
      add(new PlacementChange(seen, clusters));
    }
  }

  /**
   * Hands each version the informer delivers to {@code seen} with the time it was delivered, taken
   * first: every moment one delivery makes (the write, the routing it sets) has that time, not the
   * time the moment before it was recorded and printed.
   */
  private static ResourceEventHandler<GenericKubernetesResource> onChange(
      BiConsumer<Instant, GenericKubernetesResource> seen) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(GenericKubernetesResource resource) {
        seen.accept(Instant.now(), resource);
      }

      @Override
      public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource now) {
        seen.accept(Instant.now(), now);
      }

      @Override
      public void onDelete(GenericKubernetesResource resource, boolean unknown) {}
    };
  }

  @Override
  public void close() throws InterruptedException {
    splits.close();
    policies.close();
    bindings.close();
    fleetInformers.forEach(SharedIndexInformer::close);
    running = false;
    consumers.forEach(KafkaConsumer::wakeup);
    for (Thread reader : readers) {
      reader.join(5_000);
    }
  }
}
