package dev.larder.registry.model;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a source's events stream from: a Kafka topic, its record format, and how late events may
 * arrive.
 */
public record StreamConfig(String kafkaTopic, String format, Duration maxOutOfOrderness) {
  public static final Duration DEFAULT_MAX_OUT_OF_ORDERNESS = Duration.ofSeconds(5);

  public StreamConfig {
    Objects.requireNonNull(kafkaTopic, "kafkaTopic");
    format = format == null ? "json" : format;
    maxOutOfOrderness =
        maxOutOfOrderness == null ? DEFAULT_MAX_OUT_OF_ORDERNESS : maxOutOfOrderness;
  }
}
