package io.hybridfailover.devstack.world;

import io.hybridfailover.events.identity.ActorKeys;
import io.hybridfailover.events.identity.Signer;
import io.hybridfailover.events.kafka.EventSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One key pair per actor of the local world, made the first time it is asked for (a restarted
 * process keeps its key), so that the drills run with the decider checking every input's signer:
 * each prober signs its observations, each actuator its results, the drill's operator its
 * overrides, and the decider trusts exactly these.
 *
 * @param dir where the keys are written ({@code <actor>.key}, {@code <actor>.pub})
 */
record ActorIdentities(Path dir) {

  /** The name the drills' overrides give as {@code requestedBy}. */
  static final String OPERATOR = "drill";

  static final List<String> ACTUATORS = List.of(OurServices.SWITCHER, OurServices.ACTUATOR);

  /** The settings a service's results or observations channel signs with, as {@code actor}. */
  Map<String, String> signing(String channel, String actor) {
    return Map.of(
        "mp.messaging.outgoing." + channel + "." + EventSerializer.KEY_FILE_CONFIG,
        privateKey(actor).toString());
  }

  /** The actor's signer, for a producer of the drill's own (the poison producer's odd records). */
  Signer signer(String actor) {
    return Signer.of(actor, privateKey(actor));
  }

  /** The drill operator's private key, which the decider trusts for {@code --as drill}. */
  String operatorKeyFile() {
    return privateKey(OPERATOR).toString();
  }

  /** The operator tool's client settings to sign as the drill's operator. */
  Map<String, String> operatorClient() {
    return Map.of(
        EventSerializer.KEY_FILE_CONFIG,
        privateKey(OPERATOR).toString(),
        EventSerializer.ACTOR_CONFIG,
        OPERATOR);
  }

  /** The decider's {@code hybrid.identity.*}: the probers, both actuators and the operator. */
  Map<String, String> trusted(List<String> probers) {
    Map<String, String> config = new LinkedHashMap<>();
    probers.forEach(p -> config.put("hybrid.identity.probers.\"" + p + "\"", publicKey(p)));
    // The poison drill's odd but valid observations are signed by a prober of their own (about a
    // service nobody else probes), so that they reach the rules as a real prober's would.
    config.put(
        "hybrid.identity.probers.\"" + PoisonProducer.PROBER + "\"",
        publicKey(PoisonProducer.PROBER));
    ACTUATORS.forEach(a -> config.put("hybrid.identity.actuators.\"" + a + "\"", publicKey(a)));
    config.put("hybrid.identity.operators.\"" + OPERATOR + "\"", publicKey(OPERATOR));
    return config;
  }

  private String publicKey(String actor) {
    privateKey(actor);
    return dir.resolve(actor + ".pub").toString();
  }

  private Path privateKey(String actor) {
    Path key = dir.resolve(actor + ".key");
    try {
      if (!Files.exists(key)) {
        Files.createDirectories(dir);
        KeyPair pair = ActorKeys.generate();
        Files.writeString(dir.resolve(actor + ".pub"), ActorKeys.pem(pair.getPublic()));
        Files.writeString(key, ActorKeys.pem(pair.getPrivate()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return key;
  }
}
