package io.hybridfailover.events.identity;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The signature a writer puts on a record of a decider input, in two record headers beside the
 * CloudEvents value (which stays as it is, so every reader of the contract reads it as before):
 *
 * <ul>
 *   <li>{@value #SIGNER_HEADER}: the actor id, UTF-8 (e.g. {@code prober-gke-a});
 *   <li>{@value #SIGNATURE_HEADER}: the Ed25519 signature, base64 (RFC 4648, with padding), of
 *       {@link #signedBytes}: {@value #CONTEXT}, a zero byte, the topic (UTF-8), a zero byte, then
 *       the record value exactly as written.
 * </ul>
 *
 * <p>The topic is signed with the value so that a record signed for one input cannot be moved to
 * another. The record key is not: the decider keys every input by the event's own {@code subject}
 * and never by the record key.
 */
public final class RecordSignature {

  public static final String SIGNER_HEADER = "hybrid-signer";
  public static final String SIGNATURE_HEADER = "hybrid-signature";

  /** Names what is signed, so that a signature over these bytes means nothing anywhere else. */
  public static final String CONTEXT = "hybrid-failover record signature v1";

  private RecordSignature() {}

  /** The bytes the signature covers. */
  public static byte[] signedBytes(String topic, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 96);
    out.writeBytes(CONTEXT.getBytes(StandardCharsets.UTF_8));
    out.write(0);
    out.writeBytes(topic.getBytes(StandardCharsets.UTF_8));
    out.write(0);
    out.writeBytes(value);
    return out.toByteArray();
  }
}
