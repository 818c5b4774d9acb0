package io.hybridfailover.cli;

import io.hybridfailover.cli.live.ForceCommand;
import io.hybridfailover.cli.live.FreezeCommand;
import io.hybridfailover.cli.live.ReleaseCommand;
import io.hybridfailover.cli.live.StatusCommand;
import io.hybridfailover.cli.live.UnfreezeCommand;
import io.hybridfailover.cli.live.WatchCommand;
import io.hybridfailover.cli.postmortem.ExportCommand;
import io.hybridfailover.cli.postmortem.ReportCommand;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

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
      ReleaseCommand.class
    })
public final class HybridCommand {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
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
