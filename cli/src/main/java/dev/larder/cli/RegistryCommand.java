package dev.larder.cli;

import dev.larder.registry.Registry;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that works on the registry: it opens it, runs, prints, and closes it. */
abstract class RegistryCommand implements Callable<Integer> {

  @Mixin RegistryOptions registry;
  @Spec CommandSpec spec;

  /** Does the command's work; what it prints goes to the command's output. */
  abstract void run(Registry registry, PrintWriter out);

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Registry r = registry.open()) {
      run(r, out);
    } finally {
      out.flush();
    }
    return 0;
  }
}
