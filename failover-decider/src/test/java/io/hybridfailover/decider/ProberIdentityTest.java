package io.hybridfailover.decider;

import static io.hybridfailover.events.Cluster.DESKTOP;
import static io.hybridfailover.events.Cluster.GKE;
import static io.hybridfailover.events.Outcome.DOWN;
import static io.hybridfailover.events.Outcome.UP;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.Command;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.Mode;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.RecordKeys;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.identity.ActorKeys;
import io.hybridfailover.events.identity.Signer;
import io.hybridfailover.events.kafka.EventDeserializer;
import io.hybridfailover.events.kafka.EventSerializer;
import io.hybridfailover.events.kafka.ServicePartitioner;
import io.hybridfailover.kafka.embedded.EmbeddedKafka;
import io.hybridfailover.kafka.embedded.EmbeddedKafkaTestResource;
import io.hybridfailover.kafka.embedded.TopicClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * One identity per prober, through the real broker and the decider as it runs (its {@code
 * hybrid.identity.*} settings): prober-a's key cannot vote as prober-b. Its forged votes are
 * dead-lettered with the reason and do not count towards the quorum (2 of 3); prober-b's own votes
 * do.
 */
@QuarkusTest
@TestProfile(ProberIdentityTest.TrustedProbers.class)
@WithTestResource(EmbeddedKafkaTestResource.class)
class ProberIdentityTest {

  private static final String SERVICE = "shop/identity";

  /** The probers' key pairs, made before the decider starts (it reads the public halves). */
  static final Map<String, KeyPair> KEYS = new LinkedHashMap<>();

  /** The decider trusts prober-a, -b and -c, each with its own public key. */
  public static final class TrustedProbers implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        Path dir = Files.createTempDirectory("trusted-probers");
        Map<String, String> config = new HashMap<>();
        for (String prober : Inputs.PROBERS) {
          KeyPair pair = KEYS.computeIfAbsent(prober, p -> ActorKeys.generate());
          Path pub = dir.resolve(prober + ".pub");
          Files.writeString(pub, ActorKeys.pem(pair.getPublic()));
          config.put("hybrid.identity.probers." + prober, pub.toString());
        }
        return config;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  EmbeddedKafka kafka;

  @Test
  void proberAsKeyCannotVoteAsProberB_andProberBsOwnVotesCount() throws Exception {
    String a = Inputs.PROBERS.get(0);
    String b = Inputs.PROBERS.get(1);
    String c = Inputs.PROBERS.get(2);
    try (TopicClient topics = new TopicClient(kafka.bootstrapServers());
        KafkaProducer<String, Event<?>> asA = producer(new Signer(a, key(a)));
        KafkaProducer<String, Event<?>> asB = producer(new Signer(b, key(b)));
        // prober-a's key, but the signer header says prober-b: what a thief of a's key can try.
        KafkaProducer<String, Event<?>> aClaimingB = producer(new Signer(b, key(a)));
        KafkaProducer<String, Event<?>> unsigned = producer(null)) {
      // Both clusters UP for prober-a and prober-b, each signing its own.
      rounds(4, UP, asA, a, asB, b);

      // The desktop goes DOWN for prober-a, which also votes as prober-b and prober-c three ways.
      List<Event<?>> forged = new ArrayList<>();
      for (int round = 0; round < 5; round++) {
        Instant now = now();
        send(asA, observation(a, DESKTOP, DOWN, now));
        send(asA, observation(a, GKE, UP, now));
        forged.add(send(asA, observation(b, DESKTOP, DOWN, now)));
        forged.add(send(aClaimingB, observation(b, DESKTOP, DOWN, now)));
        forged.add(send(unsigned, observation(c, DESKTOP, DOWN, now)));
        flush(asA, aClaimingB, unsigned);
        Inputs.pace(Duration.ofMillis(250));
      }

      Map<String, String> reasons = deadLetterReasons(topics, forged);
      assertEquals(forged.size(), reasons.size(), "every forged vote dead-lettered: " + reasons);
      for (int i = 0; i < forged.size(); i += 3) {
        assertEquals(
            "data.prober: prober-b, but the record is signed by prober-a (an actor may only speak"
                + " for itself)",
            reasons.get(forged.get(i).id()));
        assertTrue(
            reasons
                .get(forged.get(i + 1).id())
                .startsWith("hybrid-signature: does not verify with the key of prober prober-b"),
            reasons.get(forged.get(i + 1).id()));
        assertEquals(
            "hybrid-signer: missing: a record of hybrid.health.observations.v1 must be signed by a"
                + " trusted prober",
            reasons.get(forged.get(i + 2).id()));
      }
      // Every forged vote was read (its dead letter is out), and prober-a's own votes before them
      // (the same partition): one DOWN vote of three is no quorum. Had the forged votes counted,
      // the desktop would be DOWN (2 of 3) and the service failing over by now.
      given()
          .get("/state/shop/identity")
          .then()
          .statusCode(200)
          .body("data.mode", equalTo("PRIMARY"))
          .body("data.health.desktop", not(equalTo("DOWN")));

      // prober-b sees it too, and signs its own: two of three, the decider fails over.
      rounds(5, DOWN, asA, a, asB, b);
      Command command =
          firstCommand(topics, Duration.ofSeconds(30))
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "prober-b's own votes made the quorum, but no command came"));
      assertTrue(
          command.mode() == Mode.FAILING_OVER || command.mode() == Mode.FAILED_OVER,
          "a failover: " + command);
      assertEquals(1, command.epoch());
      assertTrue(command.reason().contains("DOWN"), command.reason());
    }
  }

  private static void rounds(
      int rounds,
      Outcome desktop,
      KafkaProducer<String, Event<?>> first,
      String firstProber,
      KafkaProducer<String, Event<?>> second,
      String secondProber)
      throws InterruptedException {
    for (int round = 0; round < rounds; round++) {
      Instant now = now();
      send(first, observation(firstProber, DESKTOP, desktop, now));
      send(first, observation(firstProber, GKE, UP, now));
      send(second, observation(secondProber, DESKTOP, desktop, now));
      send(second, observation(secondProber, GKE, UP, now));
      flush(first, second);
      Inputs.pace(Duration.ofMillis(250));
    }
  }

  private static Map<String, String> deadLetterReasons(TopicClient topics, List<Event<?>> sent) {
    List<String> ids = sent.stream().map(Event::id).toList();
    return topics
        .readUntil(
            List.of(Topics.dlq(Topics.OBSERVATIONS)),
            new EventDeserializer(),
            read -> read.stream().map(r -> r.value().id()).toList().containsAll(ids),
            Duration.ofSeconds(60))
        .stream()
        .filter(r -> ids.contains(r.value().id()))
        .collect(
            Collectors.toMap(
                r -> r.value().id(),
                r ->
                    new String(
                        r.headers().lastHeader(InputDecoder.REASON_HEADER).value(),
                        StandardCharsets.UTF_8)));
  }

  private static Optional<Command> firstCommand(TopicClient topics, Duration wait) {
    return topics
        .readUntil(
            List.of(Topics.COMMANDS),
            new EventDeserializer(),
            read -> read.stream().anyMatch(ProberIdentityTest::aboutTheService),
            wait)
        .stream()
        .filter(ProberIdentityTest::aboutTheService)
        .map(r -> (Command) r.value().data())
        .findFirst();
  }

  private static boolean aboutTheService(ConsumerRecord<String, Event<?>> record) {
    return SERVICE.equals(record.key());
  }

  private static Event<Observation> observation(
      String prober, io.hybridfailover.events.Cluster cluster, Outcome outcome, Instant at) {
    return Inputs.observation(SERVICE, prober, cluster, outcome, at);
  }

  private static Event<?> send(KafkaProducer<String, Event<?>> producer, Event<?> event) {
    producer.send(new ProducerRecord<>(Topics.OBSERVATIONS, RecordKeys.keyFor(event), event));
    return event;
  }

  @SafeVarargs
  private static void flush(KafkaProducer<String, Event<?>>... producers) {
    for (KafkaProducer<String, Event<?>> producer : producers) {
      producer.flush();
    }
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  private static java.security.PrivateKey key(String prober) {
    return KEYS.get(prober).getPrivate();
  }

  /** A prober's producer, as the prober's settings make it: signing as {@code signer}, if any. */
  private KafkaProducer<String, Event<?>> producer(Signer signer) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, ServicePartitioner.class.getName());
    return new KafkaProducer<>(config, new StringSerializer(), new EventSerializer(signer));
  }
}
