package dev.larder.benchmarks.load;

import java.util.concurrent.CompletableFuture;

/**
 * A system the closed loop measures: it looks up every benchmark feature of a batch of entities.
 *
 * <p>Implementations are thread-safe and non-blocking: {@link #lookup} returns at once and
 * completes its future from an I/O thread, within the target's request deadline.
 *
 * @param <A> the raw answer of one lookup, kept only until {@link #verify} has checked it
 */
public interface LookupTarget<A> extends AutoCloseable {

  /** A short name for reports, e.g. {@code "Redis MGET"}. */
  String name();

  /**
   * Starts one lookup.
   *
   * @param entityIds the entities, in request order; the caller does not modify the array later
   * @return the answer; it fails when the target fails or the deadline passes
   */
  CompletableFuture<A> lookup(long[] entityIds);

  /**
   * Checks an answer of {@link #lookup} value by value against what was loaded. Runs off the
   * measured path.
   *
   * @return the number of feature values found present and correct
   * @throws VerificationException naming the first wrong column, row and entity
   */
  long verify(long[] entityIds, A answer);

  /** Releases connections; pending lookups may fail. */
  @Override
  void close();
}
