package dev.larder.benchmarks.training;

import dev.larder.benchmarks.report.CpuTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The rounds of one side of the training-set benchmark: wall-clock and CPU seconds of each. */
final class Rounds {

  /** What a round runs. */
  interface Work {
    void run() throws Exception;
  }

  private final List<Double> seconds = new ArrayList<>();
  private final List<Double> cpuSeconds = new ArrayList<>();

  /** Runs {@code work} as a round, timing it and this JVM's CPU time (every thread) meanwhile. */
  void time(Work work) throws Exception {
    long cpu = CpuTime.processNanos();
    long started = System.nanoTime();
    work.run();
    add(System.nanoTime() - started, CpuTime.processNanos() - cpu);
  }

  /** Records a round measured elsewhere; a negative CPU time means unknown. */
  void add(long elapsedNanos, long cpuNanos) {
    seconds.add(elapsedNanos / 1e9);
    cpuSeconds.add(cpuNanos < 0 ? Double.NaN : cpuNanos / 1e9);
  }

  boolean isEmpty() {
    return seconds.isEmpty();
  }

  int count() {
    return seconds.size();
  }

  double best() {
    return seconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
  }

  double median() {
    return median(seconds);
  }

  double first() {
    return seconds.get(0);
  }

  double medianCpu() {
    return median(cpuSeconds);
  }

  /** The last round as {@code 1.23 s (cpu 2.34 s)}, or {@code -} before any. */
  String last() {
    if (seconds.isEmpty()) {
      return "-";
    }
    int i = seconds.size() - 1;
    return String.format(Locale.ROOT, "%.2f s (cpu %.2f s)", seconds.get(i), cpuSeconds.get(i));
  }

  /** Every round's wall-clock seconds, e.g. {@code 6.28 / 3.74 / 2.53}. */
  String all() {
    return String.join(
        " / ", seconds.stream().map(s -> String.format(Locale.ROOT, "%.2f", s)).toList());
  }

  private static double median(List<Double> values) {
    return values.stream().sorted().toList().get(values.size() / 2);
  }
}
