package dev.larder.benchmarks.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code larder} command as a user runs it from a shell: the {@code ./larder} launcher script
 * in a child process, with its JVM options ({@code LARDER_JAVA_OPTS} comes from this process's
 * environment), a fresh JVM every run. Thread-safe.
 */
public final class LarderLauncher {

  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private final Path launcher;
  private final Path workDir;
  private final Path log;

  /**
   * @param launcher the {@code larder} script
   * @param workDir the folder the command runs in
   * @param log the file every run's output is appended to
   */
  public LarderLauncher(Path launcher, Path workDir, Path log) {
    if (!Files.isExecutable(launcher)) {
      throw new IllegalArgumentException("launcher: " + launcher + " is not an executable file");
    }
    this.launcher = launcher;
    this.workDir = workDir;
    this.log = log;
  }

  /** What one run took. */
  public record Run(long elapsedNanos, long cpuNanos) {}

  /**
   * Runs {@code larder ARGS} to its end.
   *
   * @return the wall-clock time from start to exit, and the CPU time (user + system) of the
   *     launcher and everything it ran, from this process's waited-for-children counters in {@code
   *     /proc} (10 ms resolution; -1 where {@code /proc} is missing)
   * @throws IllegalStateException when it exits non-zero or takes longer than {@code timeout}; the
   *     message ends with its output
   */
  public Run run(List<String> args, Duration timeout) {
    List<String> command = new ArrayList<>();
    command.add(launcher.toString());
    command.addAll(args);
    long cpu = waitedChildrenCpuNanos();
    long started = System.nanoTime();
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + launcher + ": " + e.getMessage(), e);
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        ChildProcesses.stop(process, STOP_GRACE);
        throw failure(command, "did not finish within " + timeout);
      }
    } catch (InterruptedException e) {
      ChildProcesses.stop(process, STOP_GRACE);
      Thread.currentThread().interrupt();
      throw failure(command, "was interrupted");
    }
    long elapsed = System.nanoTime() - started;
    if (process.exitValue() != 0) {
      throw failure(command, "exited with " + process.exitValue());
    }
    long after = waitedChildrenCpuNanos();
    return new Run(elapsed, cpu < 0 || after < 0 ? -1 : after - cpu);
  }

  private IllegalStateException failure(List<String> command, String what) {
    return new IllegalStateException(
        String.join(" ", command) + " " + what + "; its output ends:\n" + LogTail.of(log, 20));
  }

  private static long waitedChildrenCpuNanos() {
    Path self = Path.of("/proc/self/stat");
    if (!Files.isReadable(self)) {
      return -1;
    }
    try {
      return ProcStat.read(self).waitedChildrenTicks() * ProcStat.NANOS_PER_CLOCK_TICK;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
