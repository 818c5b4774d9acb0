package io.hybridfailover.events.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import org.junit.jupiter.api.Test;

/** Bouncy Castle's signatures are the JDK provider's: either side verifies the other's. */
class Ed25519RawTest {

  private static final byte[] MESSAGE =
      "hybrid.health.observations.v1\0{\"data\":{}}".getBytes(StandardCharsets.UTF_8);

  private final KeyPair pair = ActorKeys.generate();

  @Test
  void signsTheBytesTheJdkProviderSigns() throws Exception {
    Signature jdk = Signature.getInstance("Ed25519");
    jdk.initSign(pair.getPrivate());
    jdk.update(MESSAGE);
    byte[] seed = Ed25519Raw.seed(pair.getPrivate());

    // RFC 8032 signatures are deterministic: the same key and message give the same bytes.
    assertArrayEquals(jdk.sign(), Ed25519Raw.sign(seed, Ed25519Raw.publicKey(seed), MESSAGE));
  }

  @Test
  void verifiesWhatTheJdkProviderSignedAndTheJdkVerifiesWhatItSigned() throws Exception {
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(pair.getPrivate());
    signer.update(MESSAGE);
    assertTrue(Ed25519Raw.verify(Ed25519Raw.publicPoint(pair.getPublic()), MESSAGE, signer.sign()));

    byte[] seed = Ed25519Raw.seed(pair.getPrivate());
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(pair.getPublic());
    verifier.update(MESSAGE);
    assertTrue(verifier.verify(Ed25519Raw.sign(seed, Ed25519Raw.publicKey(seed), MESSAGE)));
  }

  @Test
  void aSignatureOfAnotherKeyOrLengthDoesNotVerify() {
    byte[] otherSeed = Ed25519Raw.seed(ActorKeys.generate().getPrivate());
    byte[] signature = Ed25519Raw.sign(otherSeed, Ed25519Raw.publicKey(otherSeed), MESSAGE);
    var point = Ed25519Raw.publicPoint(pair.getPublic());

    assertFalse(Ed25519Raw.verify(point, MESSAGE, signature));
    assertFalse(Ed25519Raw.verify(point, MESSAGE, new byte[12]));
  }

  @Test
  void refusesKeysOfAnotherAlgorithm() throws Exception {
    KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();

    assertThrows(IllegalArgumentException.class, () -> Ed25519Raw.publicPoint(rsa.getPublic()));
    assertThrows(IllegalArgumentException.class, () -> Ed25519Raw.seed(rsa.getPrivate()));
  }
}
