package dev.larder.cli;

import ch.qos.logback.classic.Level;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Quiets the storage libraries' INFO logs (a few lines per Delta table opened or Parquet file read)
 * for commands whose output is a report, so that the report is readable. Warnings and errors still
 * show.
 */
final class LibraryLogs {

  private static final List<String> CHATTY =
      List.of("io.delta", "org.apache.parquet", "org.apache.hadoop");

  private LibraryLogs() {}

  /** Sets the storage libraries' loggers to WARN; does nothing when logback is not the backend. */
  static void quiet() {
    for (String name : CHATTY) {
      if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
        logger.setLevel(Level.WARN);
      }
    }
    // Says on every start that Hadoop's optional native library is absent; the Java code is used.
    if (LoggerFactory.getLogger("org.apache.hadoop.util.NativeCodeLoader")
        instanceof ch.qos.logback.classic.Logger logger) {
      logger.setLevel(Level.ERROR);
    }
  }
}
