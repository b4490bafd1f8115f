package dev.larder.server.serving;

import dev.larder.proto.serving.v1.PushFeaturesResponse;
import dev.larder.proto.serving.v1.PushTarget;
import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.errors.InvalidEntityKeyException;
import dev.larder.registry.errors.InvalidRowsException;
import dev.larder.registry.errors.UnknownFeatureException;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureCatalog;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.storage.online.EntityRow;
import dev.larder.storage.online.OnlineRow;
import dev.larder.storage.online.OnlineStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Writes pushed feature rows (columnar: join keys, {@code event_timestamp}, optional {@code
 * created_timestamp}, any of the view's features) to the online store, newest-wins. Features a push
 * leaves out are stored as null. Thread-safe; never blocks.
 */
public final class PushService {

  /** The column holding each row's event time. */
  public static final String EVENT_TIMESTAMP = "event_timestamp";

  /** The optional column holding when each row was computed; defaults to the time of the push. */
  public static final String CREATED_TIMESTAMP = "created_timestamp";

  private static final Value NULL = Value.getDefaultInstance();

  private final Supplier<FeatureCatalog> catalog;
  private final OnlineStore store;
  private final Clock clock;
  private final int maxRows;

  public PushService(
      Supplier<FeatureCatalog> catalog, OnlineStore store, Clock clock, int maxRows) {
    this.catalog = catalog;
    this.store = store;
    this.clock = clock;
    this.maxRows = maxRows;
  }

  /**
   * Returns the view version a push names.
   *
   * @param viewReference {@code view} (newest version) or {@code view@vN}
   * @throws dev.larder.registry.errors.NotFoundException when the project or view is unknown
   */
  public FeatureView view(String project, String viewReference) {
    if (viewReference == null || viewReference.isEmpty()) {
      throw new InvalidRowsException("feature_view: the push names no feature view");
    }
    return catalog.get().project(project).view(viewReference);
  }

  /**
   * The declared type of a push column of a view.
   *
   * @throws UnknownFeatureException when the column is neither a join key, a timestamp nor a
   *     feature
   */
  public static ValueType columnType(FeatureView view, String column) {
    if (column.equals(EVENT_TIMESTAMP) || column.equals(CREATED_TIMESTAMP)) {
      return ValueType.TIMESTAMP;
    }
    for (JoinKey key : view.joinKeys()) {
      if (key.name().equals(column)) {
        return key.type();
      }
    }
    int index = view.featureIndex(column);
    if (index < 0) {
      throw new UnknownFeatureException(
          "rows: feature view '"
              + view.qualifiedName()
              + "' of project "
              + view.project()
              + " has no feature or join key '"
              + column
              + "'");
    }
    return view.features().get(index).type();
  }

  /**
   * Validates and writes rows.
   *
   * @throws dev.larder.registry.errors.InvalidArgumentException (thrown, not in the future) when a
   *     column is missing, mistyped or of another length, or there are too many rows
   * @throws UnsupportedPushTargetException when the target includes the offline store
   */
  public CompletableFuture<PushFeaturesResponse> push(
      FeatureView view, Map<String, List<Value>> columns, PushTarget target) {
    switch (target) {
      case ONLINE, PUSH_TARGET_UNSPECIFIED -> {}
      case OFFLINE, ONLINE_AND_OFFLINE ->
          throw new UnsupportedPushTargetException(
              "to: "
                  + target
                  + " is not available: this server has no offline store configured; push "
                  + "with to=ONLINE");
      default ->
          throw new InvalidRowsException(
              "to: unknown push target "
                  + target
                  + "; expected ONLINE, OFFLINE or ONLINE_AND_OFFLINE");
    }
    int rows = ColumnarRows.rowCount(columns, "rows", maxRows);
    for (Map.Entry<String, List<Value>> column : columns.entrySet()) {
      ValueType type = columnType(view, column.getKey());
      boolean joinKey = view.joinKeys().stream().anyMatch(k -> k.name().equals(column.getKey()));
      boolean nullable = !joinKey && !column.getKey().equals(EVENT_TIMESTAMP);
      ColumnarRows.checkColumn(
          "rows",
          column.getKey(),
          type,
          column.getValue(),
          nullable,
          joinKey ? InvalidEntityKeyException::new : InvalidRowsException::new);
    }
    for (JoinKey key : view.joinKeys()) {
      if (!columns.containsKey(key.name())) {
        throw new InvalidEntityKeyException("rows: missing join key column '" + key.name() + "'");
      }
    }
    if (!columns.containsKey(EVENT_TIMESTAMP)) {
      throw new InvalidRowsException("rows: missing column '" + EVENT_TIMESTAMP + "'");
    }
    long nowMicros = OnlineFeatureService.toMicros(clock.instant());
    List<EntityRow> entityRows = new ArrayList<>(rows);
    List<Feature> features = view.features();
    List<List<Value>> featureColumns =
        features.stream().map(f -> columns.getOrDefault(f.name(), List.of())).toList();
    List<Value> eventTimes = columns.get(EVENT_TIMESTAMP);
    List<Value> createdTimes = columns.get(CREATED_TIMESTAMP);
    for (int r = 0; r < rows; r++) {
      Value[] entity = new Value[view.joinKeys().size()];
      for (int k = 0; k < entity.length; k++) {
        entity[k] = columns.get(view.joinKeys().get(k).name()).get(r);
      }
      Value[] values = new Value[features.size()];
      for (int f = 0; f < values.length; f++) {
        List<Value> column = featureColumns.get(f);
        values[f] = column.isEmpty() ? NULL : column.get(r);
      }
      long created =
          createdTimes == null || ColumnarRows.isNull(createdTimes.get(r))
              ? nowMicros
              : createdTimes.get(r).getTimestampMicrosVal();
      entityRows.add(
          new EntityRow(
              List.of(entity),
              new OnlineRow(
                  eventTimes.get(r).getTimestampMicrosVal(), created, Arrays.asList(values))));
    }
    if (entityRows.isEmpty()) {
      return CompletableFuture.completedFuture(PushFeaturesResponse.getDefaultInstance());
    }
    return store
        .write(view, entityRows)
        .thenApply(
            summary ->
                PushFeaturesResponse.newBuilder()
                    .setRowsWritten(summary.written())
                    .setRowsOlderIgnored(summary.olderIgnored())
                    .setRowsExpiredIgnored(summary.expiredIgnored())
                    .build());
  }
}
