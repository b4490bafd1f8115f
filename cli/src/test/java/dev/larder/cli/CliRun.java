package dev.larder.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * One in-process run of the {@code larder} command: how it exited and what it printed, failures
 * reported as {@link LarderCli#main} reports them.
 *
 * @param exit the exit code
 * @param out standard output
 * @param err standard error (the one-line reason on failure)
 */
record CliRun(int exit, String out, String err) {

  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = LarderCli.commandLine(args);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("larder: " + LarderCli.oneLine(e));
          return 1;
        });
    return new CliRun(cli.execute(args), out.toString(), err.toString());
  }

  /** Runs {@code larder args… --registry-url registryUrl}. */
  static CliRun larder(String registryUrl, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--registry-url");
    all.add(registryUrl);
    return of(all.toArray(String[]::new));
  }
}
