package dev.larder.benchmarks.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One line of Linux' {@code /proc/<pid>/stat} or {@code /proc/<pid>/task/<tid>/stat}: {@code pid
 * (comm) state ...}, where the name may hold spaces and CPU times count clock ticks.
 */
record ProcStat(String name, String[] fields) {

  /** Linux' {@code USER_HZ}: {@code /proc} counts CPU time in hundredths of a second. */
  static final long NANOS_PER_CLOCK_TICK = 10_000_000L;

  /**
   * Reads and splits a stat file.
   *
   * @throws java.nio.file.NoSuchFileException when the process or thread has gone
   */
  static ProcStat read(Path stat) throws IOException {
    String line = Files.readString(stat);
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    return new ProcStat(line.substring(open + 1, close), line.substring(close + 2).split(" "));
  }

  /** User + system ticks of the process or thread itself. */
  long ownTicks() {
    return field(14) + field(15);
  }

  /** User + system ticks of the children it has waited for. */
  long waitedChildrenTicks() {
    return field(16) + field(17);
  }

  /** Field {@code n} as {@code proc(5)} numbers them: 1 is the pid, 3 the state. */
  private long field(int n) {
    return Long.parseLong(fields[n - 3]);
  }
}
