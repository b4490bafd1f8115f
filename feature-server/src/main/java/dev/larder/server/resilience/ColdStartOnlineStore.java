package dev.larder.server.resilience;

import dev.larder.proto.types.v1.Value;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.OfflineStore;
import dev.larder.storage.online.EntityRow;
import dev.larder.storage.online.OnlineRow;
import dev.larder.storage.online.OnlineStore;
import dev.larder.storage.online.RowKey;
import dev.larder.storage.online.StoredRow;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link OnlineStore} that fills the online store's misses from the offline store, for the views
 * that opt in: a key the online store answered without a row is looked up in the view's offline
 * table (its newest row there, {@link OfflineStore#newestOfEntities}), and a row found is returned
 * as if the online store had held it and written back to the online store, newest-wins, so that the
 * next read finds it there. The write-back is not awaited.
 *
 * <p>The lookup runs on its own bounded executor (offline reads block on I/O) under its own time
 * limiter and circuit breaker: when it fails, is refused or takes longer than its budget, the keys
 * stay missing and the read completes without them, never failing for it. A failed online read is
 * not looked up: the online store's failure passes through unchanged. Thread-safe.
 */
public final class ColdStartOnlineStore extends ForwardingOnlineStore<ServingStore> {

  private static final Logger log = LoggerFactory.getLogger(ColdStartOnlineStore.class);

  private final OfflineStore offline;
  private final Set<String> views;
  private final Executor lookups;
  private final CircuitBreaker circuitBreaker;
  private final TimeLimiter timeLimiter;
  private final ScheduledExecutorService timeouts;
  private final Counter found;
  private final Counter notFound;
  private final Counter failed;

  /**
   * @param views the views that opt in, each {@code view} (any project) or {@code project:view};
   *     every version of a view opts in
   * @param lookups where offline lookups run; bounded, so that a slow offline store cannot take
   *     every thread
   * @param timeouts where the time limiter's deadlines fire
   */
  public ColdStartOnlineStore(
      ServingStore store,
      OfflineStore offline,
      Set<String> views,
      Executor lookups,
      CircuitBreaker circuitBreaker,
      TimeLimiter timeLimiter,
      ScheduledExecutorService timeouts,
      MeterRegistry meters) {
    super(store);
    this.offline = offline;
    this.views = Set.copyOf(views);
    this.lookups = lookups;
    this.circuitBreaker = circuitBreaker;
    this.timeLimiter = timeLimiter;
    this.timeouts = timeouts;
    this.found = lookupCounter(meters, "found");
    this.notFound = lookupCounter(meters, "not_found");
    this.failed = lookupCounter(meters, "failed");
  }

  private static Counter lookupCounter(MeterRegistry meters, String outcome) {
    return Counter.builder("larder.serving.cold.start.lookups")
        .description("Entities missing online looked up in the offline store, by outcome")
        .tag("outcome", outcome)
        .register(meters);
  }

  /** Whether misses of this view are looked up offline. */
  public boolean coldStarts(FeatureView view) {
    return views.contains(view.name()) || views.contains(view.project() + ":" + view.name());
  }

  /**
   * Reads the online store by its deadline; the misses of opted-in views then get the offline
   * lookup's own budget.
   */
  @Override
  public CompletableFuture<List<StoredRow>> read(List<RowKey> keys, long receivedNanos) {
    return store.read(keys, receivedNanos).thenCompose(rows -> fillMisses(keys, rows));
  }

  private CompletableFuture<List<StoredRow>> fillMisses(List<RowKey> keys, List<StoredRow> rows) {
    Map<FeatureView, List<Integer>> missing = null;
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i) == null && coldStarts(keys.get(i).view())) {
        if (missing == null) {
          missing = new LinkedHashMap<>();
        }
        missing.computeIfAbsent(keys.get(i).view(), v -> new ArrayList<>()).add(i);
      }
    }
    if (missing == null) {
      return CompletableFuture.completedFuture(rows);
    }
    StoredRow[] filled = rows.toArray(new StoredRow[0]);
    List<CompletableFuture<Void>> pending = new ArrayList<>(missing.size());
    missing.forEach((view, indexes) -> pending.add(lookUp(view, keys, indexes, filled)));
    return CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0]))
        .thenApply(done -> Arrays.asList(filled));
  }

  /** Looks the keys at {@code indexes} up offline and puts the rows found into {@code filled}. */
  private CompletableFuture<Void> lookUp(
      FeatureView view, List<RowKey> keys, List<Integer> indexes, StoredRow[] filled) {
    List<List<Value>> entities = new ArrayList<>(indexes.size());
    for (int i : indexes) {
      entities.add(keys.get(i).entity());
    }
    Supplier<CompletionStage<List<OfflineRow>>> call = () -> newestOffline(view, entities);
    call = timeLimiter.decorateCompletionStage(timeouts, call);
    call = CircuitBreaker.decorateCompletionStage(circuitBreaker, call);
    return call.get()
        .<Void>handle(
            (rows, error) -> {
              if (error != null) {
                failed.increment(indexes.size());
                log.debug("cold-start lookup of {} failed", view, error);
              } else {
                fill(view, keys, indexes, rows, filled);
              }
              return null;
            })
        .toCompletableFuture();
  }

  /** Puts the rows found into {@code filled} and writes them back to the online store. */
  private void fill(
      FeatureView view,
      List<RowKey> keys,
      List<Integer> indexes,
      List<OfflineRow> rows,
      StoredRow[] filled) {
    Map<List<Value>, OfflineRow> byEntity = new HashMap<>(rows.size() * 2);
    rows.forEach(row -> byEntity.put(row.entity(), row));
    List<EntityRow> writeBack = new ArrayList<>(rows.size());
    for (int i : indexes) {
      OfflineRow row = byEntity.get(keys.get(i).entity());
      if (row == null) {
        notFound.increment();
        continue;
      }
      found.increment();
      OnlineRow online =
          new OnlineRow(row.eventTimeMicros(), row.createdTimeMicros(), row.values());
      filled[i] = StoredRow.of(online);
      writeBack.add(new EntityRow(row.entity(), online));
    }
    if (!writeBack.isEmpty()) {
      store
          .write(view, writeBack)
          .whenComplete(
              (summary, error) -> {
                if (error != null) {
                  log.warn("cold-start write-back to {} failed", view, error);
                }
              });
    }
  }

  private CompletableFuture<List<OfflineRow>> newestOffline(
      FeatureView view, List<List<Value>> entities) {
    try {
      return CompletableFuture.supplyAsync(() -> offline.newestOfEntities(view, entities), lookups);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
