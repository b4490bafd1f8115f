package dev.larder.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.stream.Stream;

/**
 * What a run started (processes, connections, a temp folder), closed in reverse order when the run
 * ends, and also by a shutdown hook so that Ctrl-C stops the child processes. Thread-safe; closing
 * twice is harmless.
 */
public final class ResourceStack implements AutoCloseable {

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final PrintStream errors;
  private final Thread hook;

  /**
   * @param errors where failures to close are reported (closing goes on)
   */
  public ResourceStack(PrintStream errors) {
    this.errors = errors;
    this.hook = new Thread(this::closeAll, "larder-benchmark-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Registers a resource to close; returns it. */
  public synchronized <T extends AutoCloseable> T add(T resource) {
    resources.push(resource);
    return resource;
  }

  /** Creates a temp folder that is deleted, with its content, when the stack closes. */
  public Path tempDirectory(String prefix) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    add(() -> deleteRecursively(dir));
    return dir;
  }

  @Override
  public void close() {
    closeAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook has run or is running closeAll.
    }
  }

  private synchronized void closeAll() {
    while (!resources.isEmpty()) {
      AutoCloseable resource = resources.pop();
      try {
        resource.close();
      } catch (Exception e) {
        errors.println("cleanup: " + e);
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
