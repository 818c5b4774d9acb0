package io.hybridfailover.cli;

import io.hybridfailover.cli.live.ForceCommand;
import io.hybridfailover.cli.live.FreezeCommand;
import io.hybridfailover.cli.live.PracticeCommand;
import io.hybridfailover.cli.live.ReleaseCommand;
import io.hybridfailover.cli.live.StatusCommand;
import io.hybridfailover.cli.live.UnfreezeCommand;
import io.hybridfailover.cli.live.WatchCommand;
import io.hybridfailover.cli.postmortem.ExportCommand;
import io.hybridfailover.cli.postmortem.ReportCommand;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code hybrid}: the operator's command line for the failover system. */
@Command(
    name = "hybrid",
    mixinStandardHelpOptions = true,
    versionProvider = HybridCommand.Version.class,
    description = "Operator tool of the desktop-to-GKE failover system.",
    subcommands = {
      ReplayCommand.class,
      ExportCommand.class,
      ReportCommand.class,
      StatusCommand.class,
      WatchCommand.class,
      FreezeCommand.class,
      UnfreezeCommand.class,
      ForceCommand.class,
      ReleaseCommand.class,
      PracticeCommand.class
    })
public final class HybridCommand {

  /** The option that lets the Kafka client's own log through. */
  static final String VERBOSE = "--verbose";

  @Option(
      names = VERBOSE,
      scope = ScopeType.INHERIT,
      description =
          "also print the Kafka client's own log (INFO and above, on standard error); by default"
              + " the tool prints only its own messages")
  boolean verbose;

  public static void main(String[] args) {
    clientLogging(List.of(args).contains(VERBOSE));
    System.exit(commandLine().execute(args));
  }

  /**
   * The Kafka client's log (slf4j-simple): off, so that the console carries the tool's own messages
   * and progress only, or INFO and above with {@code --verbose}. Set before the first logger is
   * made: slf4j-simple reads its settings once, and system properties win over
   * simplelogger.properties.
   */
  static void clientLogging(boolean verbose) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "off");
  }

  /** The command line with its conventions: usage errors exit 2, like invalid input. */
  static CommandLine commandLine() {
    return new CommandLine(new HybridCommand())
        .setExitCodeExceptionMapper(e -> ReplayCommand.EXIT_INVALID)
        // UTF-8 whatever the platform charset: event text and names are not ASCII-only.
        .setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true))
        .setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = HybridCommand.class.getPackage().getImplementationVersion();
      return new String[] {"hybrid " + (version == null ? "(development build)" : version)};
    }
  }
}
