package dev.larder.benchmarks.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a child process's log, for error messages. */
final class LogTail {

  private LogTail() {}

  /** The last {@code lines} lines of a log file, or why there are none. */
  static String of(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log at " + log + ": " + e.getMessage() + ")";
    }
  }
}
