package dev.larder.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * What a {@code larder} command printed and how it exited, run in-process against a registry.
 *
 * @param exit the exit code
 * @param out standard output
 * @param err standard error (the one-line reason on failure)
 */
record CliRun(int exit, String out, String err) {

  /** Runs {@code larder args… --registry-url registryUrl} as {@link LarderCli#main} would. */
  static CliRun larder(String registryUrl, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new LarderCli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("larder: " + LarderCli.oneLine(e));
          return 1;
        });
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--registry-url");
    all.add(registryUrl);
    return new CliRun(cli.execute(all.toArray(String[]::new)), out.toString(), err.toString());
  }
}
