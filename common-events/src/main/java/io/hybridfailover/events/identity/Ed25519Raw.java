package io.hybridfailover.events.identity;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 signing and verifying on raw keys with Bouncy Castle's RFC 8032 code, for the JDK's key
 * objects ({@link ActorKeys} reads and writes them). RFC 8032 signatures are deterministic, so the
 * bytes are the ones the JDK's provider makes and accepts; on JDK 17 the provider verifies about
 * seven times slower and signs ten times slower (docs/benchmarks.md, "Signatures"), and every
 * observation is signed by its prober and verified by the decider: at fleet scale the JDK's
 * arithmetic alone took a core.
 */
final class Ed25519Raw {

  /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw key follows it. */
  private static final byte[] X509_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  static {
    // One signature and its verification with a throwaway key when the first key is read (at
    // start-up), so that the code and tables they use are loaded then: an actuator signs nothing
    // until its first result, which waited 105-180 ms for them (JFR class-load events, outage
    // drill, a busy two-core machine).
    byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
    byte[] publicKey = publicKey(seed);
    byte[] signature = sign(seed, publicKey, seed);
    Ed25519.verify(signature, 0, publicKey, 0, seed, 0, seed.length);
  }

  private Ed25519Raw() {}

  /** A public key decoded once, to verify many signatures with. */
  static Ed25519.PublicPoint publicPoint(PublicKey key) {
    byte[] encoded = key.getEncoded();
    if (encoded == null
        || encoded.length != X509_PREFIX.length + Ed25519.PUBLIC_KEY_SIZE
        || !Arrays.equals(encoded, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
    }
    Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(encoded, X509_PREFIX.length);
    if (point == null) {
      throw new IllegalArgumentException("not a valid Ed25519 public key (not a curve point)");
    }
    return point;
  }

  /** The 32-byte seed of a private key. */
  static byte[] seed(PrivateKey key) {
    if (key instanceof EdECPrivateKey edec) {
      return edec.getBytes()
          .filter(bytes -> bytes.length == Ed25519.SECRET_KEY_SIZE)
          .orElseThrow(
              () -> new IllegalArgumentException("an Ed25519 private key without its seed"));
    }
    throw new IllegalArgumentException("not an Ed25519 private key: " + key.getAlgorithm());
  }

  /** The public key of a seed, raw. */
  static byte[] publicKey(byte[] seed) {
    byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    return publicKey;
  }

  static byte[] sign(byte[] seed, byte[] publicKey, byte[] message) {
    byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, signature, 0);
    return signature;
  }

  static boolean verify(Ed25519.PublicPoint key, byte[] message, byte[] signature) {
    return signature.length == Ed25519.SIGNATURE_SIZE
        && Ed25519.verify(signature, 0, key, message, 0, message.length);
  }
}
