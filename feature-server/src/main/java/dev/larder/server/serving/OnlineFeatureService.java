package dev.larder.server.serving;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.errors.InvalidEntityKeyException;
import dev.larder.registry.model.FeatureCatalog;
import dev.larder.registry.model.FeatureRef;
import dev.larder.registry.model.FeatureService;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.registry.model.Project;
import dev.larder.server.api.StatusMapper;
import dev.larder.server.metrics.ServingMetrics;
import dev.larder.server.resilience.RecentRows;
import dev.larder.server.resilience.ServingStore;
import dev.larder.storage.online.OnlineStoreUnavailableException;
import dev.larder.storage.online.RowKey;
import dev.larder.storage.online.StoredRow;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Reads online features: resolves the request against the current definitions, validates the
 * entities, fetches every (view, entity) row in one round trip and assembles the columnar answer.
 *
 * <p>This is the serving hot path, shared by the gRPC and REST APIs so that both answer alike. The
 * answer is written in wire format straight from the stored rows ({@link AnswerEncoder}).
 * Thread-safe; it never blocks: the answer is encoded on the store's completion thread.
 */
public final class OnlineFeatureService {

  /** How many distinct feature lists keep their resolved plan; models send few distinct lists. */
  static final int PLAN_CACHE_SIZE = 10_000;

  private final Supplier<FeatureCatalog> catalog;
  private final ServingStore store;
  private final Clock clock;
  private final int maxRows;
  private final ServingMetrics metrics;
  private final RecentRows recentRows;

  /** Upkeep on the calling thread, as in {@link RecentRows}: no hand-off per request. */
  private final Cache<PlanKey, FeaturePlan> plans =
      Caffeine.newBuilder().executor(Runnable::run).maximumSize(PLAN_CACHE_SIZE).build();

  public OnlineFeatureService(
      Supplier<FeatureCatalog> catalog,
      ServingStore store,
      Clock clock,
      int maxRows,
      ServingMetrics metrics,
      RecentRows recentRows) {
    this.catalog = catalog;
    this.store = store;
    this.clock = clock;
    this.maxRows = maxRows;
    this.metrics = metrics;
    this.recentRows = recentRows;
  }

  /**
   * Resolves what a request asks for. Plans are cached per feature list and catalog, so a model
   * that sends the same 250 references every time pays for parsing them once.
   *
   * @param project the project, or empty for the server's only project
   * @param features feature references; ignored when {@code featureService} is set
   * @param featureService a feature service name, or empty
   * @throws dev.larder.registry.errors.NotFoundException when a project, service, view or feature
   *     is unknown
   * @throws dev.larder.registry.errors.InvalidArgumentException when a reference is malformed
   */
  public FeaturePlan plan(
      String project, List<String> features, String featureService, boolean fullFeatureNames) {
    FeatureCatalog current = catalog.get();
    PlanKey key = new PlanKey(current, project, features, featureService, fullFeatureNames);
    FeaturePlan cached = plans.getIfPresent(key);
    if (cached != null) {
      return cached;
    }
    FeaturePlan plan = resolve(current, project, features, featureService, fullFeatureNames);
    plans.put(
        new PlanKey(current, project, List.copyOf(features), featureService, fullFeatureNames),
        plan);
    return plan;
  }

  /**
   * What a plan depends on. The catalog is compared by identity, so a swapped catalog never serves
   * a plan resolved against the old one.
   */
  private record PlanKey(
      FeatureCatalog catalog,
      String project,
      List<String> features,
      String featureService,
      boolean fullNames) {}

  private static FeaturePlan resolve(
      FeatureCatalog catalog,
      String project,
      List<String> features,
      String featureService,
      boolean fullFeatureNames) {
    Project p = catalog.project(project);
    List<FeatureRef> refs;
    if (featureService != null && !featureService.isEmpty()) {
      FeatureService service = p.featureService(featureService);
      refs = service.features();
    } else {
      refs = new ArrayList<>(features.size());
      for (String f : features) {
        refs.add(FeatureRef.parse(f));
      }
    }
    return FeaturePlan.resolve(p, refs, fullFeatureNames);
  }

  /**
   * Reads the planned features for the given entities.
   *
   * <p>When the online store is unavailable (down, slow, or refused by its circuit breaker,
   * deadline or bulkhead), the answer is made from the rows recently served: a remembered row's
   * values are {@code STALE}, and entities without one get the feature's default ({@code
   * DEFAULTED}) or {@code NOT_FOUND}. A store outage therefore never fails a read. The rows of an
   * answer from the store are remembered for that right after the answer completes, once whatever
   * the caller chained to it (sending it) has run, so remembering adds nothing to its latency.
   *
   * <p>The store's deadline counts from {@code receivedNanos}: a request that waited before this
   * call has that much less time for the store, so that the answer, from the store or the
   * fallbacks, leaves by the deadline after the request arrived.
   *
   * @param entities join key -> one value per row, typed as the join key is declared
   * @param receivedNanos when the request reached the server, in {@link System#nanoTime()} units
   * @return the answer, a {@code GetOnlineFeaturesResponse} ready to write in wire format: join
   *     keys first, then the features, each with one value per row
   * @throws dev.larder.registry.errors.InvalidArgumentException (thrown, not in the future) when
   *     entities are missing, mistyped, of unequal length or too many
   */
  public CompletableFuture<EncodedAnswer> read(
      FeaturePlan plan, Map<String, List<Value>> entities, long receivedNanos) {
    int rows = validateEntities(plan, entities);
    List<RowKey> keys = new ArrayList<>(plan.views().size() * rows);
    for (FeatureView view : plan.views()) {
      List<JoinKey> joinKeys = view.joinKeys();
      for (int r = 0; r < rows; r++) {
        keys.add(new RowKey(view, entityOf(joinKeys, entities, r)));
      }
    }
    if (keys.isEmpty()) {
      return CompletableFuture.completedFuture(answer(plan, entities, 0, List.of(), false));
    }
    CompletableFuture<EncodedAnswer> answered = new CompletableFuture<>();
    store
        .read(keys, receivedNanos)
        .whenComplete(
            (stored, error) -> {
              try {
                if (error == null) {
                  answered.complete(answer(plan, entities, rows, stored, false));
                } else if (StatusMapper.unwrap(error) instanceof OnlineStoreUnavailableException) {
                  metrics.recordFallback();
                  answered.complete(answer(plan, entities, rows, recentRows.recall(keys), true));
                } else {
                  answered.completeExceptionally(error);
                }
              } catch (RuntimeException e) {
                answered.completeExceptionally(e);
              }
              if (error == null) {
                // Once the answer is on its way (complete() ran the caller's sending): remembering
                // 25 x batch rows took a tenth of the server's CPU at batch 100.
                recentRows.remember(keys, stored);
              }
            });
    return answered;
  }

  private EncodedAnswer answer(
      FeaturePlan plan,
      Map<String, List<Value>> entities,
      int rows,
      List<StoredRow> stored,
      boolean stale) {
    StatusCounts counts = new StatusCounts(plan.views().size());
    EncodedAnswer answer =
        AnswerEncoder.encode(
            plan, entities, rows, stored, stale, toMicros(clock.instant()), counts);
    metrics.recordStatuses(plan, counts);
    return answer;
  }

  private int validateEntities(FeaturePlan plan, Map<String, List<Value>> entities) {
    int rows = ColumnarRows.rowCount(entities, "entities", maxRows);
    for (Map.Entry<String, ValueType> key : plan.joinKeys().entrySet()) {
      List<Value> column = entities.get(key.getKey());
      if (column == null) {
        throw new InvalidEntityKeyException(
            "entities: missing join key '"
                + key.getKey()
                + "' (the requested features need "
                + String.join(", ", plan.joinKeys().keySet())
                + ")");
      }
      ColumnarRows.checkColumn(
          "entities", key.getKey(), key.getValue(), column, false, InvalidEntityKeyException::new);
    }
    entities.keySet().forEach(plan::joinKeyType);
    return rows;
  }

  /** The most rows one request may carry. */
  public int maxRows() {
    return maxRows;
  }

  private static List<Value> entityOf(
      List<JoinKey> joinKeys, Map<String, List<Value>> entities, int row) {
    if (joinKeys.size() == 1) {
      return List.of(entities.get(joinKeys.get(0).name()).get(row));
    }
    Value[] values = new Value[joinKeys.size()];
    for (int k = 0; k < values.length; k++) {
      values[k] = entities.get(joinKeys.get(k).name()).get(row);
    }
    return List.of(values);
  }

  static long toMicros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }
}
