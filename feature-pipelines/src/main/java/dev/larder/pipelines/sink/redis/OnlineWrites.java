package dev.larder.pipelines.sink.redis;

import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.online.EncodedRow;
import dev.larder.storage.online.EntityRow;
import dev.larder.storage.online.OnlineRow;
import dev.larder.storage.online.OnlineStore;
import dev.larder.storage.online.RowEncoder;
import dev.larder.storage.online.WriteSummary;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Chunked, bounded-in-flight newest-wins writes of one view's rows: rows are gathered into chunks
 * of {@code chunkRows}, each chunk is one {@link OnlineStore#writeEncoded} (pipelined by the
 * store), and at most {@code chunksInFlight} chunks are outstanding; adding a row when that many
 * are in flight waits for the oldest, which is how a slow store pushes back on the writer. Memory
 * holds at most {@code chunksInFlight + 1} chunks. Not thread-safe: one per writing thread.
 */
public final class OnlineWrites {

  private final OnlineStore online;
  private final FeatureView view;
  private final int chunkRows;
  private final int chunksInFlight;
  private final Duration chunkTimeout;
  private final RowEncoder encoder;
  private final Deque<CompletableFuture<WriteSummary>> inFlight = new ArrayDeque<>();
  private List<EncodedRow> chunk;
  private long added;
  private WriteSummary done = WriteSummary.EMPTY;

  /**
   * @throws IllegalArgumentException if {@code chunkRows} or {@code chunksInFlight} is below 1
   */
  public OnlineWrites(
      OnlineStore online,
      FeatureView view,
      int chunkRows,
      int chunksInFlight,
      Duration chunkTimeout) {
    if (chunkRows < 1 || chunksInFlight < 1) {
      throw new IllegalArgumentException(
          "chunkRows and chunksInFlight must be >= 1, were " + chunkRows + ", " + chunksInFlight);
    }
    this.online = online;
    this.view = view;
    this.chunkRows = chunkRows;
    this.chunksInFlight = chunksInFlight;
    this.chunkTimeout = chunkTimeout;
    this.encoder = online.encoder(view);
    this.chunk = new ArrayList<>(chunkRows);
  }

  /** The online form of an offline row. */
  public static EntityRow entityRow(OfflineRow row) {
    return new EntityRow(
        row.entity(), new OnlineRow(row.eventTimeMicros(), row.createdTimeMicros(), row.values()));
  }

  /** The store's encoder for this view, for callers that hold rows encoded before adding them. */
  public RowEncoder encoder() {
    return encoder;
  }

  /**
   * Adds a row; sends the chunk when it is full.
   *
   * @throws dev.larder.registry.errors.InvalidArgumentException when the row does not fit the view
   * @throws OnlineWriteFailedException when waiting for an earlier chunk, if it failed or timed out
   */
  public void add(EntityRow row) {
    add(encoder.encode(row, added));
  }

  /**
   * Adds a row from {@link #encoder()}; sends the chunk when it is full.
   *
   * @throws OnlineWriteFailedException when waiting for an earlier chunk, if it failed or timed out
   */
  public void add(EncodedRow row) {
    added++;
    chunk.add(row);
    if (chunk.size() == chunkRows) {
      send();
    }
  }

  /**
   * Sends the rows gathered so far without waiting for them, unless {@code chunksInFlight} chunks
   * are outstanding, then it waits for the oldest first.
   *
   * @throws OnlineWriteFailedException if a chunk waited for failed or timed out
   */
  public void send() {
    if (chunk.isEmpty()) {
      return;
    }
    if (inFlight.size() == chunksInFlight) {
      done = done.plus(await(inFlight.removeFirst()));
    }
    inFlight.addLast(online.writeEncoded(view, chunk));
    chunk = new ArrayList<>(chunkRows);
  }

  /**
   * Sends the rows gathered so far and waits until every chunk is written.
   *
   * @return what every chunk written since this object was made did
   * @throws OnlineWriteFailedException if a chunk failed or timed out
   */
  public WriteSummary finish() {
    send();
    while (!inFlight.isEmpty()) {
      done = done.plus(await(inFlight.removeFirst()));
    }
    return done;
  }

  private WriteSummary await(CompletableFuture<WriteSummary> write) {
    String what = "writing " + view.project() + ":" + view.qualifiedName() + " to the online store";
    try {
      return write.get(chunkTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OnlineWriteFailedException(what + ": interrupted", e);
    } catch (ExecutionException e) {
      throw new OnlineWriteFailedException(
          what + ": the online store failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new OnlineWriteFailedException(what + ": a write took longer than " + chunkTimeout, e);
    }
  }
}
