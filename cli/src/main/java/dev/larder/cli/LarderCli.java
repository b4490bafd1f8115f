package dev.larder.cli;

import dev.larder.registry.errors.LarderException;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code larder} command. Every subcommand exits non-zero with a one-line reason on failure.
 */
@Command(
    name = "larder",
    mixinStandardHelpOptions = true,
    version = "larder 0.1.0",
    description = "Larder, a real-time feature store.")
public final class LarderCli {

  /** The subcommands, in the order {@code larder --help} lists them. */
  private static final List<Class<?>> SUBCOMMANDS =
      List.of(
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
          CommandLine.HelpCommand.class);

  /** Only through {@link #commandLine}, which registers the subcommands. */
  private LarderCli() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** The {@code larder} command with every subcommand. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new LarderCli());
    SUBCOMMANDS.forEach(subcommand -> addSubcommand(cli, subcommand));
    return cli;
  }

  /** Adds a subcommand with {@code --help} and {@code --version} of its own. */
  private static void addSubcommand(CommandLine cli, Class<?> subcommand) {
    CommandLine added = new CommandLine(subcommand);
    added.getCommandSpec().mixinStandardHelpOptions(true);
    cli.addSubcommand(added);
  }

  /**
   * The {@code larder} command for these arguments: when they start with a subcommand's name, with
   * that subcommand only, since picocli inspects every registered subcommand's options by
   * reflection up front (a large part of a one-shot command's start-up); else with all of them, for
   * help and for suggestions on a mistyped name.
   */
  static CommandLine commandLine(String... args) {
    if (args.length > 0 && !args[0].equals("help")) {
      for (Class<?> subcommand : SUBCOMMANDS) {
        Command command = subcommand.getAnnotation(Command.class);
        if (command.name().equals(args[0]) || Arrays.asList(command.aliases()).contains(args[0])) {
          CommandLine cli = new CommandLine(new LarderCli());
          addSubcommand(cli, subcommand);
          return cli;
        }
      }
    }
    return commandLine();
  }

  static int run(String... args) {
    CommandLine cli = commandLine(args);
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
