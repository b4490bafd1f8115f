package dev.larder.pipelines.transform;

import java.util.Objects;

/**
 * A raw record that cannot become an event, and why. It goes to the dead-letter output, never fails
 * a pipeline.
 *
 * @param reason one line naming the field and what is wrong with it
 * @param raw the record as read (a line of text for line formats)
 * @param file where it was read from
 * @param line its 1-based line (or record) number in {@code file}
 */
public record BadRecord(String reason, String raw, String file, long line) implements Parsed {
  public BadRecord {
    Objects.requireNonNull(reason, "reason");
    raw = raw == null ? "" : raw;
    file = file == null ? "" : file;
  }
}
