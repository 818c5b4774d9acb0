package io.hybridfailover.devstack.world;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strains the deciders as a busy node does: every two seconds a full stop-the-world collection in
 * one of them, in turn ({@code jcmd <pid> GC.run}, a {@code System.gc()}; each {@code jcmd} is a
 * JVM of its own, so the machine gets busier too). And reads back, from a decider's GC log, the
 * longest pause it had.
 */
final class DeciderStrain implements AutoCloseable {

  private static final Duration EVERY = Duration.ofSeconds(2);

  /** {@code [2026-12-07T05:40:00.123+0000] GC(3) Pause Full (System.gc()) 40M->30M(100M) 12.3ms} */
  private static final Pattern PAUSE = Pattern.compile("^\\[([^\\]]+)\\].* Pause .* ([0-9.]+)ms$");

  private static final DateTimeFormatter GC_LOG_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  private final List<ManagedProcess> deciders;
  private final Thread thread;
  private volatile boolean running = true;

  DeciderStrain(List<ManagedProcess> deciders) {
    this.deciders = List.copyOf(deciders);
    this.thread = new Thread(this::strain, "decider-strain");
    thread.setDaemon(true);
    thread.start();
  }

  /** The JVM option that makes a process write its GC log where {@link #longestPause} reads it. */
  static String gcLogOption() {
    return "-Xlog:gc:file=gc.log:time";
  }

  private void strain() {
    int next = 0;
    while (running) {
      ManagedProcess decider = deciders.get(next++ % deciders.size());
      if (decider.isAlive()) {
        try {
          Process jcmd =
              new ProcessBuilder(jcmd(), String.valueOf(decider.pid()), "GC.run")
                  .redirectErrorStream(true)
                  .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                  .start();
          jcmd.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
          running = false; // no jcmd: nothing to strain with
        } catch (InterruptedException e) {
          return;
        }
      }
      try {
        Thread.sleep(EVERY.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static String jcmd() {
    return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
  }

  /** The longest GC pause logged in {@code gcLog} from {@code since} on; empty if none. */
  static Optional<Long> longestPause(Path gcLog, Instant since) throws IOException {
    if (!Files.isRegularFile(gcLog)) {
      return Optional.empty();
    }
    double longest = -1;
    for (String line : Files.readAllLines(gcLog)) {
      Matcher m = PAUSE.matcher(line.strip());
      if (m.matches()
          && !OffsetDateTime.parse(m.group(1), GC_LOG_TIME).toInstant().isBefore(since)) {
        longest = Math.max(longest, Double.parseDouble(m.group(2)));
      }
    }
    return longest < 0 ? Optional.empty() : Optional.of(Math.round(longest));
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
