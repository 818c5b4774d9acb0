package io.hybridfailover.events.kafka;

import io.hybridfailover.events.Event;
import io.hybridfailover.events.InvalidEventException;
import io.hybridfailover.events.identity.RecordSignature;
import io.hybridfailover.events.identity.TrustedActors;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * {@link TrustedActors#check} on a Kafka record: its signature headers read from {@code headers}.
 */
public final class SignedRecords {

  private SignedRecords() {}

  /**
   * @throws InvalidEventException saying why the record is not trusted
   */
  public static void check(
      TrustedActors trusted, String topic, byte[] value, Headers headers, Event<?> event) {
    if (trusted.enabled()) {
      trusted.check(
          topic,
          value,
          text(headers, RecordSignature.SIGNER_HEADER),
          text(headers, RecordSignature.SIGNATURE_HEADER),
          event);
    }
  }

  private static String text(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }
}
