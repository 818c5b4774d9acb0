package io.hybridfailover.events.identity;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Objects;

/**
 * Signs the records one actor writes, with its private key ({@link RecordSignature}). Thread-safe.
 *
 * @param actor the actor id the records name (a prober id, an actuator's name, an operator)
 */
public record Signer(String actor, PrivateKey key) {

  public Signer {
    Objects.requireNonNull(key, "key");
    if (actor == null || actor.isBlank()) {
      throw new IllegalArgumentException("a signer needs an actor id");
    }
    if (!ActorKeys.ALGORITHM.equalsIgnoreCase(key.getAlgorithm())
        && !"EdDSA".equalsIgnoreCase(key.getAlgorithm())) {
      throw new IllegalArgumentException(
          "not an " + ActorKeys.ALGORITHM + " key: " + key.getAlgorithm());
    }
  }

  /** The actor with the private key in {@code keyFile} (PEM, see {@link ActorKeys}). */
  public static Signer of(String actor, Path keyFile) {
    return new Signer(actor, ActorKeys.readPrivateKey(keyFile));
  }

  /** The value of the {@value RecordSignature#SIGNATURE_HEADER} header for this record. */
  public String sign(String topic, byte[] value) {
    try {
      Signature signature = Signature.getInstance(ActorKeys.ALGORITHM);
      signature.initSign(key);
      signature.update(RecordSignature.signedBytes(topic, value));
      return Base64.getEncoder().encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign as " + actor + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "Signer[" + actor + "]"; // never the key
  }
}
