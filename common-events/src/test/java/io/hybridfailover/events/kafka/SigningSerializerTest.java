package io.hybridfailover.events.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.InvalidEventException;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.Topics;
import io.hybridfailover.events.identity.ActorKeys;
import io.hybridfailover.events.identity.ActorRole;
import io.hybridfailover.events.identity.RecordSignature;
import io.hybridfailover.events.identity.TrustedActors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serializer signs each record as the actor its producer settings name. */
class SigningSerializerTest {

  private static final Event<Observation> OBSERVATION =
      Event.of(
          "/health-prober/prober-1",
          new Observation(
              "shop/web",
              Cluster.DESKTOP,
              Check.HTTP,
              "prober-1",
              Outcome.DOWN,
              1000,
              "connect timeout",
              null,
              Instant.parse("2026-11-23T10:15:03.120Z")));

  private final KeyPair pair = ActorKeys.generate();

  @Test
  void signsAsTheConfiguredActorAndLeavesTheValueAsItIs(@TempDir Path dir) throws Exception {
    EventSerializer serializer = new EventSerializer();
    serializer.configure(
        Map.of(
            EventSerializer.ACTOR_CONFIG,
            "prober-1",
            EventSerializer.KEY_FILE_CONFIG,
            keyFile(dir).toString(),
            "bootstrap.servers",
            "localhost:9092"),
        false);
    Headers headers = new RecordHeaders();
    byte[] value = serializer.serialize(Topics.OBSERVATIONS, headers, OBSERVATION);

    assertArrayEquals(new EventCodec().encode(OBSERVATION), value);
    assertEquals("prober-1", text(headers, RecordSignature.SIGNER_HEADER));
    TrustedActors trusted =
        TrustedActors.of(Map.of(ActorRole.PROBER, Map.of("prober-1", List.of(pair.getPublic()))));
    assertDoesNotThrow(
        () -> SignedRecords.check(trusted, Topics.OBSERVATIONS, value, headers, OBSERVATION));
    // Re-sent with the same headers object: one signature, not two.
    serializer.serialize(Topics.OBSERVATIONS, headers, OBSERVATION);
    assertEquals(1, headers.toArray().length - 2);

    // A CloudEvents SDK reads the signed record exactly as before.
    CloudEvent read = new CloudEventDeserializer().deserialize(Topics.OBSERVATIONS, headers, value);
    assertEquals("io.hybridfailover.health.observed.v1", read.getType());
  }

  @Test
  void withoutAKeyNothingIsSignedAndAVerifyingReaderRefusesIt() {
    EventSerializer serializer = new EventSerializer();
    serializer.configure(Map.of(EventSerializer.ACTOR_CONFIG, "prober-1"), false);
    Headers headers = new RecordHeaders();
    byte[] value = serializer.serialize(Topics.OBSERVATIONS, headers, OBSERVATION);
    assertNull(headers.lastHeader(RecordSignature.SIGNER_HEADER));
    TrustedActors trusted =
        TrustedActors.of(Map.of(ActorRole.PROBER, Map.of("prober-1", List.of(pair.getPublic()))));
    assertThrows(
        InvalidEventException.class,
        () -> SignedRecords.check(trusted, Topics.OBSERVATIONS, value, headers, OBSERVATION));
  }

  @Test
  void aBadSettingIsNamed(@TempDir Path dir) throws Exception {
    Path key = keyFile(dir);
    ConfigException noActor =
        assertThrows(
            ConfigException.class,
            () ->
                new EventSerializer()
                    .configure(Map.of(EventSerializer.KEY_FILE_CONFIG, key.toString()), false));
    assertTrue(noActor.getMessage().contains("hybrid.identity.actor"), noActor.getMessage());
    ConfigException noFile =
        assertThrows(
            ConfigException.class,
            () ->
                new EventSerializer()
                    .configure(
                        Map.of(
                            EventSerializer.ACTOR_CONFIG,
                            "prober-1",
                            EventSerializer.KEY_FILE_CONFIG,
                            dir.resolve("absent.key").toString()),
                        false));
    assertTrue(noFile.getMessage().contains("hybrid.identity.key-file"), noFile.getMessage());
    assertTrue(noFile.getMessage().contains("absent.key"), noFile.getMessage());
  }

  private Path keyFile(Path dir) throws Exception {
    Path file = dir.resolve("prober-1.key");
    Files.writeString(file, ActorKeys.pem(pair.getPrivate()));
    return file;
  }

  private static String text(Headers headers, String name) {
    return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
