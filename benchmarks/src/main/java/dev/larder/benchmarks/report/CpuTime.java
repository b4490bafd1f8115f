package dev.larder.benchmarks.report;

import java.lang.management.ManagementFactory;

/** CPU time of this JVM, as the benchmarks report it next to wall-clock times. */
public final class CpuTime {

  private CpuTime() {}

  /** CPU time (user + system) of this JVM's threads so far, all of them, in nanoseconds. */
  public static long processNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
