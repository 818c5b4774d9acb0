package io.hybridfailover.events.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Ed25519 keys of the actors, as PEM files: what {@code openssl genpkey -algorithm ed25519}
 * writes (a PKCS#8 {@code PRIVATE KEY}) and {@code openssl pkey -pubout} derives from it (an X.509
 * {@code PUBLIC KEY}). A public-key file may hold several keys, one block each: during a rotation
 * the old and the new key of one actor are both trusted.
 */
public final class ActorKeys {

  /** The one algorithm: JDK 17 signs and verifies it with no provider added. */
  public static final String ALGORITHM = "Ed25519";

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

  private ActorKeys() {}

  /** A new key pair. */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot make " + ALGORITHM + " keys", e);
    }
  }

  /** The private key as a PEM block ({@code -----BEGIN PRIVATE KEY-----}, PKCS#8). */
  public static String pem(PrivateKey key) {
    return block("PRIVATE KEY", key.getEncoded());
  }

  /** The public key as a PEM block ({@code -----BEGIN PUBLIC KEY-----}, X.509). */
  public static String pem(PublicKey key) {
    return block("PUBLIC KEY", key.getEncoded());
  }

  /**
   * The private key in a PEM file.
   *
   * @throws IllegalArgumentException naming the file if it cannot be read or holds no Ed25519
   *     private key
   */
  public static PrivateKey readPrivateKey(Path file) {
    List<byte[]> keys = blocks(file, "PRIVATE KEY");
    if (keys.size() != 1) {
      throw new IllegalArgumentException(
          file + ": expected one PEM block PRIVATE KEY (Ed25519), found " + keys.size());
    }
    try {
      return KeyFactory.getInstance(ALGORITHM)
          .generatePrivate(new PKCS8EncodedKeySpec(keys.get(0)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(file + ": not an Ed25519 private key: " + e.getMessage());
    }
  }

  /**
   * Every public key in a PEM file (one, or two during a rotation).
   *
   * @throws IllegalArgumentException naming the file if it cannot be read, holds no public key, or
   *     a key that is not Ed25519
   */
  public static List<PublicKey> readPublicKeys(Path file) {
    List<byte[]> blocks = blocks(file, "PUBLIC KEY");
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException(
          file + ": expected PEM blocks PUBLIC KEY (Ed25519), found none");
    }
    List<PublicKey> keys = new ArrayList<>();
    for (byte[] block : blocks) {
      try {
        keys.add(KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(block)));
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException(file + ": not an Ed25519 public key: " + e.getMessage());
      }
    }
    return List.copyOf(keys);
  }

  private static List<byte[]> blocks(Path file, String label) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(file + ": cannot read it: " + e, e);
    }
    List<byte[]> found = new ArrayList<>();
    Matcher matcher = BLOCK.matcher(text);
    while (matcher.find()) {
      if (matcher.group(1).equals(label)) {
        try {
          found.add(Base64.getMimeDecoder().decode(matcher.group(2).replaceAll("\\s", "")));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(file + ": a " + label + " block is not base64");
        }
      }
    }
    return found;
  }

  private static String block(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }
}
