package dev.larder.benchmarks.workload;

import dev.larder.proto.types.v1.Value;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.online.EntityRow;
import dev.larder.storage.online.OnlineRow;
import dev.larder.storage.online.OnlineStore;
import dev.larder.storage.online.WriteSummary;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Loads every (view, entity) row of the workload through {@link OnlineStore#write}, the newest-wins
 * path the pipelines use.
 *
 * <p>Rows are generated in chunks of one view's consecutive entities; up to {@code inFlight} chunks
 * are being written at once (each pipelined by the store in batches), so Redis and the generating
 * thread keep both cores busy. Not thread-safe: one load at a time.
 */
public final class WorkloadLoader {

  /** Entities per write call. */
  static final int CHUNK_ENTITIES = 5_000;

  /** How long a free write slot, or the end of the last writes, may take to come. */
  private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

  private final OnlineStore store;
  private final List<FeatureView> views;
  private final int inFlight;
  private final PrintStream progress;

  /**
   * @param views the views to fill, {@code views.get(i)} being {@link BenchWorkload#viewName}(i)
   * @param inFlight write calls in flight at once, at least 1
   * @param progress where to report progress, about every tenth of the rows
   */
  public WorkloadLoader(
      OnlineStore store, List<FeatureView> views, int inFlight, PrintStream progress) {
    this.store = store;
    this.views = List.copyOf(views);
    this.inFlight = inFlight;
    this.progress = progress;
  }

  /**
   * What a load did.
   *
   * @param rows rows sent
   * @param written rows stored (the rest were already present with the same timestamp)
   * @param elapsed wall time of the whole load
   */
  public record LoadSummary(long rows, long written, Duration elapsed) {
    /** Rows sent per second of wall time. */
    public double rowsPerSecond() {
      return rows / Math.max(1e-9, elapsed.toNanos() / 1e9);
    }
  }

  /**
   * Writes one row per view for each of the entity ids {@code 0..entities-1}, with values of {@link
   * FeatureValues} and the given event time. Blocks until every write has answered.
   *
   * @throws IllegalStateException when a write fails, a row is ignored as expired, or the store
   *     stalls: no write answers for a minute
   */
  public LoadSummary load(int entities, long eventTimeMicros) {
    long total = (long) entities * views.size();
    long reportEvery = Math.max(1, total / 10);
    Semaphore slots = new Semaphore(inFlight);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<WriteSummary> summary = new AtomicReference<>(WriteSummary.EMPTY);
    long start = System.nanoTime();
    long sent = 0;
    long nextReport = reportEvery;
    for (int first = 0; first < entities; first += CHUNK_ENTITIES) {
      int end = Math.min(entities, first + CHUNK_ENTITIES);
      for (int v = 0; v < views.size(); v++) {
        acquire(slots, 1, failure);
        List<EntityRow> rows = chunk(v, first, end, eventTimeMicros);
        store
            .write(views.get(v), rows)
            .whenComplete(
                (written, error) -> {
                  if (error != null) {
                    failure.compareAndSet(null, error);
                  } else {
                    summary.accumulateAndGet(written, WriteSummary::plus);
                  }
                  slots.release();
                });
        sent += rows.size();
        if (sent >= nextReport) {
          nextReport += reportEvery;
          progress.printf(
              "  loaded %,d / %,d rows (%,.0f rows/s)%n",
              sent, total, sent / ((System.nanoTime() - start) / 1e9));
        }
      }
    }
    acquire(slots, inFlight, failure);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    WriteSummary done = summary.get();
    if (done.expiredIgnored() > 0 || done.total() != total) {
      throw new IllegalStateException(
          "the load sent " + total + " rows but the store reports " + done);
    }
    return new LoadSummary(total, done.written(), elapsed);
  }

  private static List<EntityRow> chunk(int view, int first, int end, long eventTimeMicros) {
    List<EntityRow> rows = new ArrayList<>(end - first);
    for (long id = first; id < end; id++) {
      OnlineRow row = new OnlineRow(eventTimeMicros, eventTimeMicros, FeatureValues.row(view, id));
      rows.add(new EntityRow(List.of(Value.newBuilder().setInt64Val(id).build()), row));
    }
    return rows;
  }

  private static void acquire(Semaphore slots, int permits, AtomicReference<Throwable> failure) {
    try {
      if (!slots.tryAcquire(permits, STALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            "loading stalled: no write answered within " + STALL_TIMEOUT.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading rows", e);
    }
    Throwable error = failure.get();
    if (error != null) {
      throw new IllegalStateException("loading rows failed: " + error.getMessage(), error);
    }
  }
}
