package dev.larder.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Keeps the in-process Flink job and its file libraries from flooding a command's output. */
final class FlinkLogging {

  private static final List<String> NOISY =
      List.of(
          "org.apache.flink",
          "org.apache.hadoop",
          "org.apache.parquet",
          "io.delta",
          "org.apache.pekko");

  private FlinkLogging() {}

  /**
   * Only errors from Flink, Hadoop, Parquet and Delta: their start-up warnings are not the user's
   * concern.
   */
  static void quiet() {
    for (String name : NOISY) {
      if (LoggerFactory.getLogger(name) instanceof Logger l) {
        l.setLevel(Level.ERROR);
      }
    }
  }
}
