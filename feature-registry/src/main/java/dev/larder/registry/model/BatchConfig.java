package dev.larder.registry.model;

import java.util.Objects;

/**
 * Where a source's historical events are read from: a path and a format (parquet, csv, jsonl,
 * delta).
 */
public record BatchConfig(String path, String format) {
  public BatchConfig {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(format, "format");
  }
}
