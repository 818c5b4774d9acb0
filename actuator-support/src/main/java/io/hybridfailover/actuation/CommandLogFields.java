package io.hybridfailover.actuation;

import org.jboss.logging.MDC;

/**
 * The command being handled, as MDC fields of every log line written meanwhile on this thread:
 * {@value #SERVICE}, {@value #EPOCH} and {@value #COMMAND_ID} (a service's log format shows them
 * with {@code %X{service}} and so on; its JSON log carries them as fields). Opened around the
 * handling of one command or drift check on its service's lane, and around a result published later
 * on another thread; closing puts back what the thread had before, so scopes nest.
 */
public final class CommandLogFields implements AutoCloseable {

  /** The service the command is for, e.g. {@code shop/web}. */
  public static final String SERVICE = "service";

  /** The command's epoch. */
  public static final String EPOCH = "epoch";

  /** The command's id (a drift check's: the one the object was last written for). */
  public static final String COMMAND_ID = "commandId";

  private final Object service;
  private final Object epoch;
  private final Object commandId;

  private CommandLogFields(String service, long epoch, String commandId) {
    this.service = set(SERVICE, service);
    this.epoch = set(EPOCH, Long.toString(epoch));
    this.commandId = set(COMMAND_ID, commandId);
  }

  /** Sets the fields on this thread until {@link #close}. */
  public static CommandLogFields of(String service, long epoch, String commandId) {
    return new CommandLogFields(service, epoch, commandId);
  }

  @Override
  public void close() {
    restore(SERVICE, service);
    restore(EPOCH, epoch);
    restore(COMMAND_ID, commandId);
  }

  /** Sets (or, for {@code null}, removes) the field; returns what it was. */
  private static Object set(String key, String value) {
    Object previous = MDC.get(key);
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
    return previous;
  }

  private static void restore(String key, Object previous) {
    set(key, previous == null ? null : previous.toString());
  }
}
