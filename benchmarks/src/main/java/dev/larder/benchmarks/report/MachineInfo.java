package dev.larder.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The machine a run measured on, as reported next to its figures.
 *
 * @param cpus processors available, as {@code nproc} counts them
 * @param cpuModel the first {@code model name} of {@code /proc/cpuinfo}, or "unknown"
 * @param memoryGiB {@code MemTotal} of {@code /proc/meminfo}, or 0 when unknown
 * @param os operating system name and kernel version
 * @param jvm the JVM's name and runtime version
 */
public record MachineInfo(int cpus, String cpuModel, double memoryGiB, String os, String jvm) {

  /** Reads this machine's facts; missing sources give "unknown" or 0, never an error. */
  public static MachineInfo detect() {
    return new MachineInfo(
        nproc(),
        procField(Path.of("/proc/cpuinfo"), "model name").orElse("unknown"),
        procField(Path.of("/proc/meminfo"), "MemTotal")
            .map(v -> Long.parseLong(v.replaceAll("[^0-9]", "")) / (1024.0 * 1024.0))
            .orElse(0.0),
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
  }

  /** One line, e.g. {@code 2 CPUs (AMD EPYC), 23.5 GiB RAM, Linux 6.1}. */
  public String describe() {
    return String.format("%d CPUs (%s), %.1f GiB RAM, %s", cpus, cpuModel, memoryGiB, os);
  }

  private static int nproc() {
    try {
      Process p = new ProcessBuilder("nproc").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("[0-9]+")) {
        return Integer.parseInt(out);
      }
    } catch (IOException e) {
      // No nproc: the JVM's count is the same figure.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Runtime.getRuntime().availableProcessors();
  }

  private static Optional<String> procField(Path file, String field) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
      for (String line : lines) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equals(field)) {
          return Optional.of(line.substring(colon + 1).trim());
        }
      }
    } catch (IOException e) {
      // Not Linux: reported as unknown.
    }
    return Optional.empty();
  }
}
