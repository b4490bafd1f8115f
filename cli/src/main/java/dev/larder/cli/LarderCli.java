package dev.larder.cli;

import dev.larder.registry.errors.LarderException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code larder} command. Every subcommand exits non-zero with a one-line reason on failure.
 */
@Command(
    name = "larder",
    mixinStandardHelpOptions = true,
    version = "larder 0.1.0",
    description = "Larder, a real-time feature store.",
    subcommands = {
      QuickstartCommand.class,
      ApplyCommand.Plan.class,
      ApplyCommand.Apply.class,
      RegistryReadCommands.ListCommand.class,
      RegistryReadCommands.Describe.class,
      RegistryReadCommands.History.class,
      GenerateCommand.class,
      ServeCommand.class,
      BackfillCommand.class,
      StreamCommand.class,
      MaterializeCommands.Materialize.class,
      MaterializeCommands.Incremental.class,
      CompactCommand.class,
      TrainingSetCommand.class,
      CommandLine.HelpCommand.class
    })
public final class LarderCli {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    CommandLine cli = new CommandLine(new LarderCli());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("larder: " + oneLine(e));
          return 1;
        });
    return cli.execute(args);
  }

  /** The reason a command failed, on one line: ours as written, others with their root cause. */
  static String oneLine(Throwable e) {
    Throwable t = e;
    while (!(t instanceof LarderException) && t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return t instanceof LarderException ? message : t.getClass().getSimpleName() + ": " + message;
  }
}
