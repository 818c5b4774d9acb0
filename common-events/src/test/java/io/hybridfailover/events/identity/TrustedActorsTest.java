package io.hybridfailover.events.identity;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridfailover.events.ActuationOutcome;
import io.hybridfailover.events.ActuationResult;
import io.hybridfailover.events.Check;
import io.hybridfailover.events.Cluster;
import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.InvalidEventException;
import io.hybridfailover.events.Observation;
import io.hybridfailover.events.OperatorOverride;
import io.hybridfailover.events.Outcome;
import io.hybridfailover.events.OverrideAction;
import io.hybridfailover.events.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure check of a record's signature and the identity its data claims. */
class TrustedActorsTest {

  private static final Instant AT = Instant.parse("2026-11-23T10:15:03.120Z");

  private final EventCodec codec = new EventCodec();
  private final KeyPair prober1 = ActorKeys.generate();
  private final KeyPair prober2 = ActorKeys.generate();
  private final KeyPair switcher = ActorKeys.generate();
  private final KeyPair karmada = ActorKeys.generate();
  private final KeyPair alice = ActorKeys.generate();
  private final KeyPair bob = ActorKeys.generate();

  private final TrustedActors trusted =
      TrustedActors.of(
          roles(
              Map.of("prober-1", List.of(prober1.getPublic()), "prober-2", keys(prober2)),
              Map.of("traffic-switcher", keys(switcher), "karmada-actuator", keys(karmada)),
              Map.of("alice", keys(alice), "bob", keys(bob))));

  @Test
  void aProberSigningItsOwnObservationIsTrusted() {
    assertDoesNotThrow(
        () -> check(Topics.OBSERVATIONS, observation("prober-1"), "prober-1", prober1));
    assertDoesNotThrow(
        () -> check(Topics.OBSERVATIONS, observation("prober-2"), "prober-2", prober2));
  }

  @Test
  void proberOneCannotVoteAsProberTwo() {
    InvalidEventException e =
        assertThrows(
            InvalidEventException.class,
            () -> check(Topics.OBSERVATIONS, observation("prober-2"), "prober-1", prober1));
    assertEquals(
        "data.prober: prober-2, but the record is signed by prober-1 (an actor may only speak for"
            + " itself)",
        e.getMessage());
  }

  @Test
  void proberOneCannotSignAsProberTwoEither() {
    // It names prober-2 as the signer, but only has its own key: the signature does not verify.
    InvalidEventException e =
        assertThrows(
            InvalidEventException.class,
            () -> check(Topics.OBSERVATIONS, observation("prober-2"), "prober-2", prober1));
    assertTrue(
        e.getMessage()
            .startsWith("hybrid-signature: does not verify with the key of prober prober-2"),
        e.getMessage());
  }

  @Test
  void aTamperedValueDoesNotVerify() {
    byte[] value = codec.encode(observation("prober-1"));
    String signature =
        new Signer("prober-1", prober1.getPrivate()).sign(Topics.OBSERVATIONS, value);
    byte[] tampered =
        new String(value, StandardCharsets.UTF_8)
            .replace("\"outcome\":\"UP\"", "\"outcome\":\"DOWN\"")
            .getBytes(StandardCharsets.UTF_8);
    Event<?> decoded = codec.decode(tampered);
    assertEquals(Outcome.DOWN, ((Observation) decoded.data()).outcome());
    InvalidEventException e =
        assertThrows(
            InvalidEventException.class,
            () -> trusted.check(Topics.OBSERVATIONS, tampered, "prober-1", signature, decoded));
    assertTrue(e.getMessage().startsWith("hybrid-signature: does not verify"), e.getMessage());
  }

  @Test
  void aSignatureForAnotherTopicDoesNotVerify() {
    Event<Observation> event = observation("prober-1");
    byte[] value = codec.encode(event);
    String signature =
        new Signer("prober-1", prober1.getPrivate()).sign(Topics.dlq(Topics.OBSERVATIONS), value);
    assertThrows(
        InvalidEventException.class,
        () -> trusted.check(Topics.OBSERVATIONS, value, "prober-1", signature, event));
  }

  @Test
  void aMissingSignerOrSignatureIsRefused() {
    Event<Observation> event = observation("prober-1");
    byte[] value = codec.encode(event);
    String signature =
        new Signer("prober-1", prober1.getPrivate()).sign(Topics.OBSERVATIONS, value);
    assertEquals(
        "hybrid-signer: missing: a record of hybrid.health.observations.v1 must be signed by a"
            + " trusted prober",
        assertThrows(
                InvalidEventException.class,
                () -> trusted.check(Topics.OBSERVATIONS, value, null, signature, event))
            .getMessage());
    assertEquals(
        "hybrid-signature: missing (the record names signer prober-1)",
        assertThrows(
                InvalidEventException.class,
                () -> trusted.check(Topics.OBSERVATIONS, value, "prober-1", null, event))
            .getMessage());
    assertEquals(
        "hybrid-signature: not base64",
        assertThrows(
                InvalidEventException.class,
                () -> trusted.check(Topics.OBSERVATIONS, value, "prober-1", "%%%", event))
            .getMessage());
  }

  @Test
  void anUnknownActorIsRefused() {
    KeyPair stranger = ActorKeys.generate();
    InvalidEventException e =
        assertThrows(
            InvalidEventException.class,
            () -> check(Topics.OBSERVATIONS, observation("prober-9"), "prober-9", stranger));
    assertEquals(
        "hybrid-signer: prober-9 is not a trusted prober (trusted: prober-1, prober-2)",
        e.getMessage());
  }

  @Test
  void aProberIsNoOperator() {
    // prober-1's own key, naming itself, but on the overrides topic: trusted for probing only.
    InvalidEventException e =
        assertThrows(
            InvalidEventException.class,
            () -> check(Topics.OVERRIDES, override("prober-1"), "prober-1", prober1));
    assertEquals(
        "hybrid-signer: prober-1 is not a trusted operator (trusted: alice, bob)", e.getMessage());
  }

  @Test
  void anActuatorCannotAnswerForTheOther() {
    assertDoesNotThrow(
        () -> check(Topics.RESULTS, result("traffic-switcher"), "traffic-switcher", switcher));
    InvalidEventException e =
        assertThrows(
            InvalidEventException.class,
            () -> check(Topics.RESULTS, result("karmada-actuator"), "traffic-switcher", switcher));
    assertEquals(
        "data.actuator: karmada-actuator, but the record is signed by traffic-switcher (an actor"
            + " may only speak for itself)",
        e.getMessage());
  }

  @Test
  void anOperatorCannotOverrideAsAnother() {
    assertDoesNotThrow(() -> check(Topics.OVERRIDES, override("alice"), "alice", alice));
    InvalidEventException asBob =
        assertThrows(
            InvalidEventException.class,
            () -> check(Topics.OVERRIDES, override("bob"), "alice", alice));
    assertEquals(
        "data.requestedBy: bob, but the record is signed by alice (an actor may only speak for"
            + " itself)",
        asBob.getMessage());
    // --as bob with alice's key: signs as bob, which bob's key does not verify.
    assertThrows(
        InvalidEventException.class, () -> check(Topics.OVERRIDES, override("bob"), "bob", alice));
  }

  @Test
  void duringARotationBothKeysOfAnActorVerify(@TempDir Path dir) throws Exception {
    KeyPair next = ActorKeys.generate();
    Path file = dir.resolve("prober-1.pub");
    Files.writeString(file, ActorKeys.pem(prober1.getPublic()) + ActorKeys.pem(next.getPublic()));
    List<PublicKey> both = ActorKeys.readPublicKeys(file);
    assertEquals(2, both.size());
    TrustedActors rotating = TrustedActors.of(roles(Map.of("prober-1", both), Map.of(), Map.of()));
    Event<Observation> event = observation("prober-1");
    byte[] value = codec.encode(event);
    for (KeyPair pair : List.of(prober1, next)) {
      String signature = new Signer("prober-1", pair.getPrivate()).sign(Topics.OBSERVATIONS, value);
      assertDoesNotThrow(
          () -> rotating.check(Topics.OBSERVATIONS, value, "prober-1", signature, event));
    }
  }

  @Test
  void withNoTrustedActorNothingIsChecked() {
    assertFalse(TrustedActors.none().enabled());
    assertFalse(TrustedActors.of(roles(Map.of(), Map.of(), Map.of())).enabled());
    Event<Observation> event = observation("prober-2");
    assertDoesNotThrow(
        () ->
            TrustedActors.none()
                .check(Topics.OBSERVATIONS, codec.encode(event), null, null, event));
  }

  @Test
  void anyTrustedActorMeansEveryInputIsChecked() {
    // Only probers trusted: an override, even signed, has no trusted operator to come from.
    TrustedActors probersOnly =
        TrustedActors.of(roles(Map.of("prober-1", keys(prober1)), Map.of(), Map.of()));
    Event<OperatorOverride> event = override("alice");
    byte[] value = codec.encode(event);
    String signature = new Signer("alice", alice.getPrivate()).sign(Topics.OVERRIDES, value);
    assertEquals(
        "hybrid-signer: alice is not a trusted operator (trusted: )",
        assertThrows(
                InvalidEventException.class,
                () -> probersOnly.check(Topics.OVERRIDES, value, "alice", signature, event))
            .getMessage());
  }

  @Test
  void readsTheKeysOpensslWrites(@TempDir Path dir) throws Exception {
    // openssl genpkey -algorithm ed25519 -out k.key; openssl pkey -in k.key -pubout -out k.pub
    Path key = resource(dir, "openssl-ed25519.key");
    Path pub = resource(dir, "openssl-ed25519.pub");
    Signer signer = Signer.of("prober-1", key);
    TrustedActors fromFiles =
        TrustedActors.of(
            roles(Map.of("prober-1", ActorKeys.readPublicKeys(pub)), Map.of(), Map.of()));
    Event<Observation> event = observation("prober-1");
    byte[] value = codec.encode(event);
    assertDoesNotThrow(
        () ->
            fromFiles.check(
                Topics.OBSERVATIONS,
                value,
                "prober-1",
                signer.sign(Topics.OBSERVATIONS, value),
                event));
  }

  @Test
  void aKeyFileThatIsNotAKeyIsNamed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("prober-1.pub");
    Files.writeString(file, "not a key\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ActorKeys.readPublicKeys(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    Path missing = dir.resolve("absent.key");
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> ActorKeys.readPrivateKey(missing))
            .getMessage()
            .startsWith(missing + ": cannot read it"));
  }

  @Test
  void writtenKeysReadBack(@TempDir Path dir) throws Exception {
    KeyPair pair = ActorKeys.generate();
    Path key = dir.resolve("a.key");
    Path pub = dir.resolve("a.pub");
    Files.writeString(key, ActorKeys.pem(pair.getPrivate()));
    Files.writeString(pub, ActorKeys.pem(pair.getPublic()));
    assertEquals(pair.getPublic(), ActorKeys.readPublicKeys(pub).get(0));
    assertEquals(
        List.of(pair.getPrivate().getEncoded().length),
        List.of(ActorKeys.readPrivateKey(key).getEncoded().length));
  }

  private void check(String topic, Event<?> event, String signer, KeyPair key) {
    byte[] value = codec.encode(event);
    String signature = new Signer(signer, key.getPrivate()).sign(topic, value);
    trusted.check(topic, value, signer, signature, codec.decode(value));
  }

  private static Event<Observation> observation(String prober) {
    return Event.of(
        "/health-prober/" + prober,
        new Observation(
            "shop/web", Cluster.DESKTOP, Check.HTTP, prober, Outcome.UP, 3, null, null, AT));
  }

  private static Event<ActuationResult> result(String actuator) {
    return Event.of(
        "/" + actuator + "/0",
        new ActuationResult(
            "c-1", "shop/web", 1, actuator, ActuationOutcome.APPLIED, "r", 1, null, AT));
  }

  private static Event<OperatorOverride> override(String operator) {
    return Event.of(
        "/failover-cli/laptop",
        new OperatorOverride("shop/web", OverrideAction.FREEZE, "maintenance", operator, AT));
  }

  private static List<PublicKey> keys(KeyPair pair) {
    return List.of(pair.getPublic());
  }

  private static Map<ActorRole, Map<String, List<PublicKey>>> roles(
      Map<String, List<PublicKey>> probers,
      Map<String, List<PublicKey>> actuators,
      Map<String, List<PublicKey>> operators) {
    Map<ActorRole, Map<String, List<PublicKey>>> roles = new EnumMap<>(ActorRole.class);
    roles.put(ActorRole.PROBER, probers);
    roles.put(ActorRole.ACTUATOR, actuators);
    roles.put(ActorRole.OPERATOR, operators);
    return roles;
  }

  private static Path resource(Path dir, String name) throws Exception {
    Path file = dir.resolve(name);
    try (var in = TrustedActorsTest.class.getResourceAsStream(name)) {
      Files.copy(in, file);
    }
    return file;
  }
}
