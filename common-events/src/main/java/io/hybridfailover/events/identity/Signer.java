package io.hybridfailover.events.identity;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.Objects;

/**
 * Signs the records one actor writes, with its private key ({@link RecordSignature}). Thread-safe.
 */
public final class Signer {

  private final String actor;
  private final PrivateKey key;
  private final byte[] seed;
  private final byte[] publicKey;

  /**
   * @param actor the actor id the records name (a prober id, an actuator's name, an operator)
   * @param key its Ed25519 private key
   */
  public Signer(String actor, PrivateKey key) {
    Objects.requireNonNull(key, "key");
    if (actor == null || actor.isBlank()) {
      throw new IllegalArgumentException("a signer needs an actor id");
    }
    if (!ActorKeys.ALGORITHM.equalsIgnoreCase(key.getAlgorithm())
        && !"EdDSA".equalsIgnoreCase(key.getAlgorithm())) {
      throw new IllegalArgumentException(
          "not an " + ActorKeys.ALGORITHM + " key: " + key.getAlgorithm());
    }
    this.actor = actor;
    this.key = key;
    this.seed = Ed25519Raw.seed(key);
    this.publicKey = Ed25519Raw.publicKey(seed);
  }

  /** The actor with the private key in {@code keyFile} (PEM, see {@link ActorKeys}). */
  public static Signer of(String actor, Path keyFile) {
    return new Signer(actor, ActorKeys.readPrivateKey(keyFile));
  }

  public String actor() {
    return actor;
  }

  public PrivateKey key() {
    return key;
  }

  /** The value of the {@value RecordSignature#SIGNATURE_HEADER} header for this record. */
  public String sign(String topic, byte[] value) {
    return Base64.getEncoder()
        .encodeToString(
            Ed25519Raw.sign(seed, publicKey, RecordSignature.signedBytes(topic, value)));
  }

  @Override
  public String toString() {
    return "Signer[" + actor + "]"; // never the key
  }
}
