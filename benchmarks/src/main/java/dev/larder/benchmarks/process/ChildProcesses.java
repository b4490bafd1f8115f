package dev.larder.benchmarks.process;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stops the child processes the benchmark started. */
final class ChildProcesses {

  private ChildProcesses() {}

  /**
   * Asks a process to stop (SIGTERM), waits up to {@code grace}, then kills it. Returns when it has
   * exited or a kill was sent; safe to call twice and from a shutdown hook.
   */
  static void stop(Process process, Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
