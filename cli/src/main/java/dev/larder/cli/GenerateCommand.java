package dev.larder.cli;

import dev.larder.examples.fooddelivery.RawEventSettings;
import dev.larder.examples.fooddelivery.RawEventWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code larder generate}: raw food-delivery events as JSON lines under {@code data/}, where the
 * example's sources read their batches from — late, duplicate and malformed events included.
 */
@Command(
    name = "generate",
    description = "Write raw food-delivery events (JSON lines) for the example's sources.")
final class GenerateCommand implements Callable<Integer> {

  @Option(
      names = "--orders",
      defaultValue = "" + RawEventSettings.DEFAULT_ORDERS,
      description =
          "Order events; restaurant statuses are half as many, courier pings as many"
              + " (default: ${DEFAULT-VALUE}).")
  int orders;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "data",
      description = "Where the sources' folders go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--end",
      paramLabel = "TIME",
      description = "Events happen in the week before this RFC 3339 instant (default: now).")
  Instant end;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter w = spec.commandLine().getOut();
    RawEventSettings defaults = RawEventSettings.defaults(end != null ? end : Instant.now());
    RawEventSettings settings =
        new RawEventSettings(
            orders,
            seed,
            defaults.end(),
            defaults.span(),
            defaults.lateShare(),
            defaults.duplicateShare(),
            defaults.malformedShare());
    long start = System.nanoTime();
    RawEventWriter.Summary summary = new RawEventWriter(settings).write(out);
    summary
        .sources()
        .forEach(
            (source, c) ->
                w.printf(
                    "%-18s %,11d events, %,7d late, %,7d duplicates, %,6d malformed lines in %d"
                        + " file(s) under %s%n",
                    source,
                    c.events(),
                    c.late(),
                    c.duplicates(),
                    c.malformed(),
                    c.files(),
                    out.resolve(source)));
    w.printf("Written in %.1f s.%n", (System.nanoTime() - start) / 1e9);
    w.flush();
    return 0;
  }
}
