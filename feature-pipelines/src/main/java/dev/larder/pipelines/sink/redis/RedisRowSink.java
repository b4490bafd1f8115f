package dev.larder.pipelines.sink.redis;

import dev.larder.pipelines.transform.ViewSnapshot;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.online.OnlineStore;
import dev.larder.storage.online.redis.RedisOnlineStoreOptions;
import dev.larder.storage.online.redis.RedisOnlineStores;
import java.time.Duration;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes a view's rows ({@link dev.larder.pipelines.sink.ConvertRows}' output) to Redis newest-wins
 * through {@link OnlineWrites}: rows go out in pipelined chunks, a partial chunk at most {@code
 * flushInterval} after its first row, with a bounded number of chunks in flight per task, so that a
 * slow Redis backpressures the job. Every checkpoint waits for the chunks in flight, so a restored
 * job has lost no write (a replayed row is refused by newest-wins or rewrites the same value). Each
 * task reports the gauge {@code larder_freshness_ms}: now minus the newest event time it has sent.
 */
public final class RedisRowSink implements Sink<OfflineRow> {

  private static final long serialVersionUID = 1L;

  private final ViewSnapshot view;
  private final String redisUri;
  private final Duration flushInterval;
  private final int chunkRows;
  private final int chunksInFlight;
  private final Duration chunkTimeout;

  public RedisRowSink(
      ViewSnapshot view,
      String redisUri,
      Duration flushInterval,
      int chunkRows,
      int chunksInFlight,
      Duration chunkTimeout) {
    this.view = view;
    this.redisUri = redisUri;
    this.flushInterval = flushInterval;
    this.chunkRows = chunkRows;
    this.chunksInFlight = chunksInFlight;
    this.chunkTimeout = chunkTimeout;
  }

  @Override
  public SinkWriter<OfflineRow> createWriter(WriterInitContext context) {
    return new Writer(this, context);
  }

  /** Not thread-safe; Flink calls it, and its flush timer, from the task thread. */
  private static final class Writer implements SinkWriter<OfflineRow> {
    private final OnlineStore store;
    private final OnlineWrites writes;
    private final ProcessingTimeService time;
    private final long flushMillis;
    private boolean flushScheduled;
    private volatile long newestMicros = Long.MIN_VALUE;

    Writer(RedisRowSink sink, WriterInitContext context) {
      FeatureView view = sink.view.view();
      this.store =
          RedisOnlineStores.connect(
              RedisOnlineStoreOptions.builder()
                  .redisUri(sink.redisUri)
                  .commandTimeout(sink.chunkTimeout)
                  .writeBatchSize(sink.chunkRows)
                  .build());
      this.writes =
          new OnlineWrites(store, view, sink.chunkRows, sink.chunksInFlight, sink.chunkTimeout);
      this.time = context.getProcessingTimeService();
      this.flushMillis = sink.flushInterval.toMillis();
      context
          .metricGroup()
          .gauge(
              "larder_freshness_ms",
              () ->
                  newestMicros == Long.MIN_VALUE
                      ? -1L
                      : System.currentTimeMillis() - newestMicros / 1000);
    }

    @Override
    public void write(OfflineRow row, Context context) {
      writes.add(OnlineWrites.entityRow(row));
      newestMicros = Math.max(newestMicros, row.eventTimeMicros());
      if (!flushScheduled) {
        flushScheduled = true;
        time.registerTimer(time.getCurrentProcessingTime() + flushMillis, t -> sendPartial());
      }
    }

    private void sendPartial() {
      flushScheduled = false;
      writes.send();
    }

    @Override
    public void flush(boolean endOfInput) {
      writes.finish();
    }

    @Override
    public void close() {
      store.close();
    }
  }
}
