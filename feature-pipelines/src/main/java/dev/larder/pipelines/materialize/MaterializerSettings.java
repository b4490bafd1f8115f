package dev.larder.pipelines.materialize;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link Materializer} sends rows to the online store.
 *
 * @param chunkRows rows per {@code OnlineStore.write} call; the store pipelines each call in its
 *     own batches
 * @param chunksInFlight how many write calls may be outstanding at once, so that reading and
 *     encoding overlap Redis round trips; memory holds at most this many chunks of encoded rows
 * @param chunkTimeout how long one write call may take before the materialization fails
 * @param scanParallelism how many of a partition's files are read at once; reading is all the
 *     materialization does until a partition's newest rows are known, so it may use every core
 * @throws IllegalArgumentException naming the first bad value
 */
public record MaterializerSettings(
    int chunkRows, int chunksInFlight, Duration chunkTimeout, int scanParallelism) {

  /**
   * 5,000 rows per call, 8 calls in flight, 60 s per call, files read on every core: in the
   * materialization benchmark, 8 in flight kept Redis busier than 4 while the next chunk was read
   * and encoded.
   */
  public static final MaterializerSettings DEFAULT =
      new MaterializerSettings(
          5_000, 8, Duration.ofSeconds(60), Runtime.getRuntime().availableProcessors());

  public MaterializerSettings {
    if (chunkRows < 1) {
      throw new IllegalArgumentException("chunkRows must be >= 1, was " + chunkRows);
    }
    if (chunksInFlight < 1) {
      throw new IllegalArgumentException("chunksInFlight must be >= 1, was " + chunksInFlight);
    }
    Objects.requireNonNull(chunkTimeout, "chunkTimeout");
    if (chunkTimeout.isZero() || chunkTimeout.isNegative()) {
      throw new IllegalArgumentException("chunkTimeout must be positive, was " + chunkTimeout);
    }
    if (scanParallelism < 1) {
      throw new IllegalArgumentException("scanParallelism must be >= 1, was " + scanParallelism);
    }
  }
}
