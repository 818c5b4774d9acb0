package io.hybridfailover.devstack.world;

import io.hybridfailover.cli.HybridCommand;
import io.hybridfailover.devstack.drill.Action.Practice;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * The practice drill's step: {@code bin/hybrid practice shop/web} run in-process, exactly as an
 * operator runs it (the same command class, options and Kafka path), its lines shown as the drill's
 * progress, its post-mortem report kept in the drill's work directory.
 */
final class PracticeStep {

  private final World world;

  PracticeStep(World world) {
    this.world = world;
  }

  void run(Practice practice) {
    Consumer<String> progress = world.progress();
    Path report = world.work().resolve("practice.md");
    CommandLine cli = new CommandLine(new HybridCommand());
    cli.setOut(new PrintWriter(new Lines(line -> progress.accept("  hybrid: " + line)), true));
    cli.setErr(new PrintWriter(new Lines(line -> progress.accept("  hybrid: " + line)), true));
    int exit =
        cli.execute(
            "practice",
            Recorder.SERVICE,
            "--bootstrap",
            world.bootstrap(),
            "--for",
            practice.lasts().toMillis() + "ms",
            "--reason",
            practice.reason(),
            "--as",
            "drill",
            "--key",
            world.parts().identities().operatorKeyFile(),
            "--home-timeout",
            "90s",
            "--report",
            report.toString());
    progress.accept("  practice report: " + report + " (exit status " + exit + ")");
    if (exit != 0) {
      throw new IllegalStateException(
          "hybrid practice exited " + exit + "; see its lines above and " + report);
    }
  }

  /** A writer that hands each complete line to {@code sink}. */
  private static final class Lines extends Writer {
    private final Consumer<String> sink;
    private final StringBuilder line = new StringBuilder();

    Lines(Consumer<String> sink) {
      this.sink = sink;
    }

    @Override
    public synchronized void write(char[] chars, int offset, int length) {
      for (int i = offset; i < offset + length; i++) {
        if (chars[i] == '\n') {
          sink.accept(line.toString());
          line.setLength(0);
        } else if (chars[i] != '\r') {
          line.append(chars[i]);
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public synchronized void close() {
      if (line.length() > 0) {
        sink.accept(line.toString());
        line.setLength(0);
      }
    }
  }
}
