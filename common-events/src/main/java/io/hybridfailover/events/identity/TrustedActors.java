package io.hybridfailover.events.identity;

import io.hybridfailover.events.Event;
import io.hybridfailover.events.InvalidEventException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The actors a reader trusts, per role, each with its public keys; and the check of one record
 * against them: signed ({@link RecordSignature}) by an actor trusted for the role that writes its
 * topic, with a signature that verifies over the record as received, and naming that same actor in
 * its data. No trusted actor at all means nothing is checked ({@link #none()}); any trusted actor
 * means every record of every input is checked, so a role left empty refuses every record.
 */
public final class TrustedActors {

  private static final TrustedActors NONE = new TrustedActors(Map.of());

  private final Map<ActorRole, Map<String, List<PublicKey>>> keys;

  /** Each key decoded once: decoding a point costs about as much as a verification. */
  private final Map<PublicKey, Ed25519.PublicPoint> points = new HashMap<>();

  private TrustedActors(Map<ActorRole, Map<String, List<PublicKey>>> keys) {
    Map<ActorRole, Map<String, List<PublicKey>>> copy = new EnumMap<>(ActorRole.class);
    for (ActorRole role : ActorRole.values()) {
      copy.put(role, Map.copyOf(new TreeMap<>(keys.getOrDefault(role, Map.of()))));
    }
    this.keys = copy;
    copy.values().stream()
        .flatMap(actors -> actors.values().stream())
        .flatMap(List::stream)
        .forEach(key -> points.computeIfAbsent(key, Ed25519Raw::publicPoint));
  }

  /** Trusts no one and checks nothing: every record passes, signed or not. */
  public static TrustedActors none() {
    return NONE;
  }

  /** These actors, with their keys (an actor may have several during a rotation). */
  public static TrustedActors of(Map<ActorRole, Map<String, List<PublicKey>>> keys) {
    TrustedActors trusted = new TrustedActors(keys);
    return trusted.enabled() ? trusted : NONE;
  }

  /** Whether records are checked at all. */
  public boolean enabled() {
    return keys.values().stream().anyMatch(actors -> !actors.isEmpty());
  }

  /** The actors trusted for {@code role}, by id. */
  public List<String> actors(ActorRole role) {
    return List.copyOf(new TreeMap<>(keys.get(role)).keySet());
  }

  /**
   * Checks a record of an input of the decider.
   *
   * @param topic the topic it was read from
   * @param value the record value exactly as read
   * @param signer the {@value RecordSignature#SIGNER_HEADER} header, {@code null} if absent
   * @param signature the {@value RecordSignature#SIGNATURE_HEADER} header, {@code null} if absent
   * @param event the value, decoded
   * @throws InvalidEventException saying why the record is not trusted (the header or field first)
   */
  public void check(String topic, byte[] value, String signer, String signature, Event<?> event) {
    if (!enabled()) {
      return;
    }
    ActorRole role =
        ActorRole.writing(topic)
            .orElseThrow(
                () -> new InvalidEventException("topic " + topic + " has no trusted writers"));
    String who = role.noun();
    if (signer == null || signer.isBlank()) {
      throw new InvalidEventException(
          RecordSignature.SIGNER_HEADER
              + ": missing: a record of "
              + topic
              + " must be signed by a trusted "
              + who);
    }
    List<PublicKey> actorKeys = keys.get(role).get(signer);
    if (actorKeys == null) {
      throw new InvalidEventException(
          RecordSignature.SIGNER_HEADER
              + ": "
              + signer
              + " is not a trusted "
              + who
              + " (trusted: "
              + String.join(", ", actors(role))
              + ")");
    }
    if (signature == null || signature.isBlank()) {
      throw new InvalidEventException(
          RecordSignature.SIGNATURE_HEADER + ": missing (the record names signer " + signer + ")");
    }
    byte[] signatureBytes;
    try {
      signatureBytes = Base64.getDecoder().decode(signature.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidEventException(RecordSignature.SIGNATURE_HEADER + ": not base64");
    }
    if (!verifies(actorKeys, RecordSignature.signedBytes(topic, value), signatureBytes)) {
      throw new InvalidEventException(
          RecordSignature.SIGNATURE_HEADER
              + ": does not verify with the key of "
              + who
              + " "
              + signer
              + " (the record was changed, or signed with another key)");
    }
    String claimed = role.claimedBy(event.data());
    if (!signer.equals(claimed)) {
      throw new InvalidEventException(
          role.claimPath()
              + ": "
              + claimed
              + ", but the record is signed by "
              + signer
              + " (an actor may only speak for itself)");
    }
  }

  private boolean verifies(List<PublicKey> candidates, byte[] signed, byte[] signature) {
    for (PublicKey key : candidates) {
      if (Ed25519Raw.verify(points.get(key), signed, signature)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    if (!enabled()) {
      return "no trusted actors: records are not checked";
    }
    StringBuilder text = new StringBuilder("trusted");
    for (ActorRole role : ActorRole.values()) {
      text.append(' ').append(role.noun()).append("s ").append(actors(role));
    }
    return text.toString();
  }
}
