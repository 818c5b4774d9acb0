package io.hybridfailover.devstack.world;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridfailover.devstack.drill.Moment;
import io.hybridfailover.devstack.drill.Moment.PoisonSent;
import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.identity.RecordSignature;
import io.hybridfailover.events.identity.Signer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A hostile producer: every two seconds, into every topic our services consume, records that are
 * not events (not JSON, an unknown type, 70 KiB, missing fields: each must reach the topic's DLQ)
 * and events that are valid but odd (duplicates, out of order, years ahead, an epoch at {@code
 * Long.MAX_VALUE}: each must be survived). It remembers what it sent, so that the recorder can tell
 * its dead letters from a valid record dead-lettered.
 */
final class PoisonProducer implements AutoCloseable {

  /** On every poison record; the recorder leaves such records out of the timeline. */
  static final String HEADER = "hybrid-drill-poison";

  static final String ID_PREFIX = "drill-poison-";

  private static final List<String> CONSUMED =
      List.of(Topics.OBSERVATIONS, Topics.OVERRIDES, Topics.RESULTS, Topics.COMMANDS);

  /** The prober the odd but valid observations name, trusted by the decider with its own key. */
  static final String PROBER = "poison-prober";

  /** A service the catalog does not know: odd but valid observations are about it. */
  private static final String STRAY_SERVICE = "drill/poison";

  private static final Duration EVERY = Duration.ofSeconds(2);

  private final KafkaProducer<String, byte[]> producer;
  private final Consumer<Moment> record;
  private final Function<String, Signer> signers;
  private final EventCodec codec = new EventCodec();
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, String> idsByDigest = new ConcurrentHashMap<>();
  private volatile Thread thread;
  private long next;

  /**
   * @param signers the world's signer of an actor: odd but valid records are signed by the actor
   *     they name (the decider would refuse them unsigned, and they must reach its rules)
   */
  PoisonProducer(String bootstrap, Consumer<Moment> record, Function<String, Signer> signers) {
    this.record = record;
    this.signers = signers;
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576);
    producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  synchronized void start() {
    if (thread != null) {
      return;
    }
    thread = new Thread(this::run, "poison-producer");
    thread.setDaemon(true);
    thread.start();
  }

  synchronized void stop() throws InterruptedException {
    Thread running = thread;
    thread = null;
    if (running != null) {
      running.interrupt();
      running.join(5_000);
    }
    producer.flush();
  }

  /** The poison record a dead letter of {@code dlqTopic} is, by its bytes, event id or header. */
  Optional<String> poisonId(String dlqTopic, byte[] value, Headers headers) {
    if (value != null) {
      String id = idsByDigest.get(digest(value));
      if (id != null) {
        return Optional.of(id);
      }
      try {
        String eventId = json.readTree(value).path("id").asText("");
        if (eventId.startsWith(ID_PREFIX)) {
          String topic = dlqTopic.substring(0, dlqTopic.length() - ".dlq".length());
          return Optional.of(topic + "/" + eventId);
        }
      } catch (IOException | RuntimeException notJson) {
        // not ours by its id
      }
    }
    if (headers != null && headers.lastHeader(HEADER) != null) {
      return Optional.of(new String(headers.lastHeader(HEADER).value(), StandardCharsets.UTF_8));
    }
    return Optional.empty();
  }

  static boolean isPoison(Headers headers) {
    return headers.lastHeader(HEADER) != null;
  }

  private void run() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        batch();
        Thread.sleep(EVERY.toMillis());
      }
    } catch (InterruptedException e) {
      // stopped
    } catch (RuntimeException e) {
      System.err.println("[demo] poison producer stopped: " + e);
    }
  }

  private void batch() {
    Instant now = Instant.now();
    for (String topic : CONSUMED) {
      send(
          topic,
          "not JSON",
          true,
          ("this is not JSON { " + nextId()).getBytes(StandardCharsets.UTF_8));
      String id = nextId();
      send(
          topic,
          "unknown type",
          true,
          id,
          envelope(id, "io.hybridfailover.nonsense.v1", now).set("data", json.createObjectNode()));
      id = nextId();
      ObjectNode big = json.createObjectNode().put("id", id).put("padding", "x".repeat(70 * 1024));
      send(topic, "70 KiB", true, id, big);
      id = nextId();
      ObjectNode missing = (ObjectNode) tree(observation(id, now, now));
      ((ObjectNode) missing.get("data")).remove("service");
      ((ObjectNode) missing.get("data")).remove("cluster");
      send(topic, "missing fields", true, id, missing);
    }
    // Valid but odd: the services must take them in their stride (or dead-letter them).
    String id = nextId();
    byte[] duplicate = codec.encode(observation(id, now, now));
    Signer prober = signers.apply(PROBER);
    sendSigned(Topics.OBSERVATIONS, "duplicate", prober, id, duplicate);
    sendSigned(Topics.OBSERVATIONS, "duplicate", prober, id + "#2", duplicate);
    id = nextId();
    sendSigned(
        Topics.OBSERVATIONS,
        "out of order",
        prober,
        id,
        codec.encode(observation(id, now.minusSeconds(5), now.minusSeconds(5))));
    id = nextId();
    Instant ahead = now.plus(Duration.ofDays(365 * 3));
    sendSigned(
        Topics.OBSERVATIONS,
        "3 years ahead",
        prober,
        id,
        codec.encode(observation(id, ahead, ahead)));
    id = nextId();
    sendSigned(
        Topics.RESULTS,
        "epoch Long.MAX_VALUE",
        signers.apply("karmada-actuator"),
        id,
        codec.encode(
            Event.of(
                id,
                "/drill/poison",
                new ActuationResult(
                    id,
                    Recorder.SERVICE,
                    Long.MAX_VALUE,
                    "karmada-actuator",
                    ActuationOutcome.APPLIED,
                    "propagationpolicies/shop/web",
                    1,
                    null,
                    now))));
    producer.flush();
  }

  private Event<Observation> observation(String id, Instant at, Instant observed) {
    return Event.of(
        id,
        "/drill/poison",
        new Observation(
            STRAY_SERVICE,
            Cluster.DESKTOP,
            Check.HTTP,
            PROBER,
            Outcome.UP,
            1,
            null,
            null,
            observed));
  }

  private ObjectNode envelope(String id, String type, Instant at) {
    return json.createObjectNode()
        .put("specversion", "1.0")
        .put("id", id)
        .put("source", "/drill/poison")
        .put("type", type)
        .put("subject", STRAY_SERVICE)
        .put("time", at.toString())
        .put("datacontenttype", "application/json");
  }

  private com.fasterxml.jackson.databind.JsonNode tree(Event<?> event) {
    try {
      return json.readTree(codec.encode(event));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void send(String topic, String sort, boolean mustDeadLetter, String id, Object value) {
    try {
      byte[] bytes = value instanceof byte[] b ? b : json.writeValueAsBytes(value);
      send(topic, sort, mustDeadLetter, id, bytes);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void send(String topic, String sort, boolean mustDeadLetter, byte[] value) {
    String text = new String(value, StandardCharsets.UTF_8);
    send(topic, sort, mustDeadLetter, text.substring(text.indexOf(ID_PREFIX)), value);
  }

  private void send(String topic, String sort, boolean mustDeadLetter, String id, byte[] value) {
    send(topic, sort, mustDeadLetter, null, id, value);
  }

  /** A valid record, signed by the actor it names: it must be survived, not dead-lettered. */
  private void sendSigned(String topic, String sort, Signer signer, String id, byte[] value) {
    send(topic, sort, false, signer, id, value);
  }

  private void send(
      String topic, String sort, boolean mustDeadLetter, Signer signer, String id, byte[] value) {
    String unique = topic + "/" + id;
    idsByDigest.put(digest(value), unique);
    ProducerRecord<String, byte[]> out = new ProducerRecord<>(topic, STRAY_SERVICE, value);
    out.headers().add(HEADER, unique.getBytes(StandardCharsets.UTF_8));
    if (signer != null) {
      out.headers()
          .add(RecordSignature.SIGNER_HEADER, signer.actor().getBytes(StandardCharsets.UTF_8))
          .add(
              RecordSignature.SIGNATURE_HEADER,
              signer.sign(topic, value).getBytes(StandardCharsets.US_ASCII));
    }
    producer.send(out);
    record.accept(new PoisonSent(Instant.now(), topic, unique, sort, mustDeadLetter));
  }

  private synchronized String nextId() {
    return ID_PREFIX + (++next);
  }

  private static String digest(byte[] value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
    producer.close(Duration.ofSeconds(2));
  }
}
