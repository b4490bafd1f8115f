package dev.larder.pipelines.stream;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How the streaming job runs. Immutable; {@link #DEFAULT} for a long-running job.
 *
 * @param bounded stop at the topic's end offsets as of the start, else run until cancelled; only
 *     for a run from scratch, as a source restored from a checkpoint keeps the bounds it started
 *     with
 * @param dedupTtl how long an id is remembered to drop its duplicates (processing time)
 * @param idleTimeout a partition without events for this long stops holding the watermark back
 * @param redisFlushInterval rows wait at most this long for their chunk to fill before they are
 *     sent to Redis
 * @param redisChunkRows rows per Redis write call
 * @param redisChunksInFlight write calls outstanding per task before the job waits (backpressure)
 * @param redisChunkTimeout how long one write call may take before the task fails and restarts
 * @throws IllegalArgumentException naming the first bad value
 */
public record StreamSettings(
    boolean bounded,
    Duration dedupTtl,
    Duration idleTimeout,
    Duration redisFlushInterval,
    int redisChunkRows,
    int redisChunksInFlight,
    Duration redisChunkTimeout)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * Unbounded; ids remembered 10 minutes (redeliveries come within that); a partition idle for 10 s
   * no longer holds the watermark (shorter lets a backlogged partition that stalls on a busy
   * machine be taken for idle, and its events for late); rows sent to Redis within 20 ms, 500 per
   * call, 8 calls in flight, 30 s per call.
   */
  public static final StreamSettings DEFAULT =
      new StreamSettings(
          false,
          Duration.ofMinutes(10),
          Duration.ofSeconds(10),
          Duration.ofMillis(20),
          500,
          8,
          Duration.ofSeconds(30));

  public StreamSettings {
    positive("dedupTtl", dedupTtl);
    positive("idleTimeout", idleTimeout);
    positive("redisFlushInterval", redisFlushInterval);
    positive("redisChunkTimeout", redisChunkTimeout);
    if (redisChunkRows < 1) {
      throw new IllegalArgumentException("redisChunkRows must be >= 1, was " + redisChunkRows);
    }
    if (redisChunksInFlight < 1) {
      throw new IllegalArgumentException(
          "redisChunksInFlight must be >= 1, was " + redisChunksInFlight);
    }
  }

  /** These settings, bounded or not. */
  public StreamSettings withBounded(boolean bounded) {
    return new StreamSettings(
        bounded,
        dedupTtl,
        idleTimeout,
        redisFlushInterval,
        redisChunkRows,
        redisChunksInFlight,
        redisChunkTimeout);
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }
}
