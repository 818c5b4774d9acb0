package io.hybridfailover.prober.publish;

import io.hybridfailover.prober.ProberChannels;
import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Drops the Kafka connector's per-record error lines of the observations channel: while Kafka is
 * unreachable it writes one, with a stack trace, for every attempt of every record, and {@link
 * ObservationPublisher} already says once that Kafka is unreachable and once that it is back. Every
 * other message passes. (Quarkus's own {@code quarkus.log.filter} cannot do this: it leaves errors
 * alone.)
 */
@LoggingFilter(name = SendFailureLogFilter.NAME)
public final class SendFailureLogFilter implements Filter {

  public static final String NAME = "observation-send-failures";

  /** "Unable to write to Kafka from channel ..." and "Message ... was not sent ... nacking". */
  private static final String[] PER_RECORD_ERRORS = {"SRMSG18206", "SRMSG18212"};

  @Override
  public boolean isLoggable(LogRecord record) {
    String template = record.getMessage();
    if (template == null) {
      return true;
    }
    for (String id : PER_RECORD_ERRORS) {
      if (template.startsWith(id)) {
        return !formatted(record).contains(ProberChannels.OBSERVATIONS);
      }
    }
    return true;
  }

  private static String formatted(LogRecord record) {
    return record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
  }
}
