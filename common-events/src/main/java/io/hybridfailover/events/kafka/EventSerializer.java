package io.hybridfailover.events.kafka;

import io.hybridfailover.events.Event;
import io.hybridfailover.events.EventCodec;
import io.hybridfailover.events.identity.RecordSignature;
import io.hybridfailover.events.identity.Signer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka value serializer for the contract's events, as structured-mode CloudEvents. Marks each
 * record with the header {@code content-type: application/cloudevents+json} so that CloudEvents
 * SDKs recognise it. A {@code null} event (a tombstone) stays {@code null}.
 *
 * <p>With a signer (the producer settings {@value #ACTOR_CONFIG} and {@value #KEY_FILE_CONFIG}, or
 * {@link #EventSerializer(Signer)}), it also signs each record as that actor: the headers {@value
 * RecordSignature#SIGNER_HEADER} and {@value RecordSignature#SIGNATURE_HEADER} ({@link
 * RecordSignature}). Every producer of a decider input signs here, in one place.
 */
public class EventSerializer implements Serializer<Event<?>> {

  /** Producer setting: the actor id this producer signs as. */
  public static final String ACTOR_CONFIG = "hybrid.identity.actor";

  /** Producer setting: the actor's private key (PEM); unset or blank: records are not signed. */
  public static final String KEY_FILE_CONFIG = "hybrid.identity.key-file";

  private static final byte[] CONTENT_TYPE =
      EventCodec.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8);

  private final EventCodec codec = new EventCodec();
  private Signer signer;

  public EventSerializer() {}

  /** Signs every record as {@code signer}; {@code null}: signs nothing. */
  public EventSerializer(Signer signer) {
    this.signer = signer;
  }

  /**
   * Reads {@value #ACTOR_CONFIG} and {@value #KEY_FILE_CONFIG} when Kafka makes the serializer from
   * its class name (a SmallRye channel passes its own attributes, e.g. {@code
   * mp.messaging.outgoing.<channel>.hybrid.identity.key-file}).
   *
   * @throws ConfigException naming the setting if the key cannot be read or the actor is missing
   */
  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    String keyFile = text(configs.get(KEY_FILE_CONFIG));
    if (keyFile.isEmpty()) {
      return;
    }
    String actor = text(configs.get(ACTOR_CONFIG));
    if (actor.isEmpty()) {
      throw new ConfigException(
          ACTOR_CONFIG, null, "must name the actor whose key " + KEY_FILE_CONFIG + " is");
    }
    try {
      signer = Signer.of(actor, Path.of(keyFile));
    } catch (RuntimeException e) {
      throw new ConfigException(KEY_FILE_CONFIG, keyFile, e.getMessage());
    }
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString().strip();
  }

  @Override
  public byte[] serialize(String topic, Event<?> event) {
    return event == null ? null : codec.encode(event);
  }

  @Override
  public byte[] serialize(String topic, Headers headers, Event<?> event) {
    byte[] value = serialize(topic, event);
    if (event != null) {
      headers.remove(EventCodec.CONTENT_TYPE_HEADER);
      headers.add(EventCodec.CONTENT_TYPE_HEADER, CONTENT_TYPE);
      if (signer != null) {
        headers.remove(RecordSignature.SIGNER_HEADER).remove(RecordSignature.SIGNATURE_HEADER);
        headers.add(RecordSignature.SIGNER_HEADER, signer.actor().getBytes(StandardCharsets.UTF_8));
        headers.add(
            RecordSignature.SIGNATURE_HEADER,
            signer.sign(topic, value).getBytes(StandardCharsets.US_ASCII));
      }
    }
    return value;
  }
}
