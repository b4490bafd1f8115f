package dev.larder.benchmarks;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of the feature server a benchmark starts as a child JVM (a picocli mixin). */
public final class ServerProcessOptions {

  @Option(
      names = "--server-heap",
      description = "The feature server's fixed heap (default: ${DEFAULT-VALUE}).")
  private String serverHeap = ServingBenchmarkSettings.DEFAULT_SERVER_HEAP;

  @Option(
      names = "--server-jvm-arg",
      paramLabel = "ARG",
      description = "An extra JVM option for the feature server; repeatable.")
  private List<String> serverJvmArgs = new ArrayList<>();

  /** The fixed heap, {@code -Xms} and {@code -Xmx}, e.g. {@code 1g}. */
  public String heap() {
    return serverHeap;
  }

  /** Further JVM options, in the order given. */
  public List<String> jvmArgs() {
    return List.copyOf(serverJvmArgs);
  }
}
