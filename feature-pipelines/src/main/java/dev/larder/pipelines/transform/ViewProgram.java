package dev.larder.pipelines.transform;

import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.Aggregation;
import dev.larder.registry.model.AggregationFunction;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.registry.model.Source;
import dev.larder.registry.model.ValueTypes;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A feature view compiled against its source: where each join key, the timestamp, the id and each
 * feature's column sit among the source's schema columns, and what each feature computes.
 *
 * <p>Immutable, thread-safe and serializable, so an engine can ship it to its workers.
 *
 * @param columnNames the source's schema columns, in schema order (the layout of {@link
 *     Event#columns()})
 * @param columnTypes their types
 * @param joinKeyColumns the column index of each of the view's join keys, in join-key order
 * @param timestampColumn the column index of the source's timestamp field
 * @param idColumn the column index of the id field, or -1 when the source has none
 * @param features what each feature of the view computes, in definition order
 */
public record ViewProgram(
    String viewName,
    List<String> columnNames,
    List<ValueType> columnTypes,
    List<Integer> joinKeyColumns,
    int timestampColumn,
    int idColumn,
    List<FeatureProgram> features)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  public ViewProgram {
    columnNames = List.copyOf(columnNames);
    columnTypes = List.copyOf(columnTypes);
    joinKeyColumns = List.copyOf(joinKeyColumns);
    features = List.copyOf(features);
  }

  /**
   * One feature: a copied column ({@code function} null) or an aggregation.
   *
   * @param column the source column index it reads; -1 for a COUNT of events
   * @param windowMicros the window length in microseconds; 0 for all time
   * @param type the feature's declared type
   */
  public record FeatureProgram(
      String name, AggregationFunction function, int column, long windowMicros, ValueType type)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    public boolean copiesColumn() {
      return function == null;
    }

    public boolean windowed() {
      return windowMicros > 0;
    }
  }

  /**
   * Compiles a view against its source.
   *
   * @throws TransformException naming the view and the column when the source lacks a join key, the
   *     timestamp or id field, or a column a feature reads, or when a function does not apply to
   *     the column's type
   */
  public static ViewProgram compile(FeatureView view, Source source) {
    List<String> names = new ArrayList<>(source.schema().keySet());
    List<ValueType> types = new ArrayList<>(source.schema().values());
    List<Integer> keys = new ArrayList<>();
    for (JoinKey k : view.joinKeys()) {
      keys.add(column(view, names, k.name(), "join key"));
    }
    int ts = column(view, names, source.timestampField(), "timestamp field");
    if (types.get(ts) != ValueType.TIMESTAMP) {
      throw new TransformException(
          "source "
              + source.name()
              + ": timestamp field "
              + source.timestampField()
              + " must be TIMESTAMP, is "
              + ValueTypes.displayName(types.get(ts)));
    }
    int id = source.idField() == null ? -1 : column(view, names, source.idField(), "id field");
    List<FeatureProgram> features = new ArrayList<>();
    for (Feature f : view.features()) {
      features.add(feature(view, names, types, f));
    }
    return new ViewProgram(view.qualifiedName(), names, types, keys, ts, id, features);
  }

  private static FeatureProgram feature(
      FeatureView view, List<String> names, List<ValueType> types, Feature f) {
    Aggregation a = f.aggregation();
    if (a == null) {
      String col = f.column() != null ? f.column() : f.name();
      return new FeatureProgram(
          f.name(), null, column(view, names, col, "feature " + f.name()), 0, f.type());
    }
    long window = a.window() == null ? 0 : Math.max(1, a.window().toNanos() / 1000);
    int col = a.column() == null ? -1 : column(view, names, a.column(), "feature " + f.name());
    if (col < 0 && a.function() != AggregationFunction.COUNT) {
      throw unfit(view, f, "a column", null);
    }
    if ((a.function() == AggregationFunction.SUM || a.function() == AggregationFunction.AVG)
        && !ValueTypes.isNumeric(types.get(col))) {
      throw unfit(view, f, "a numeric column", types.get(col));
    }
    if ((a.function() == AggregationFunction.MIN || a.function() == AggregationFunction.MAX)
        && (ValueTypes.isList(types.get(col)) || types.get(col) == ValueType.BYTES)) {
      throw unfit(view, f, "an ordered column", types.get(col));
    }
    return new FeatureProgram(f.name(), a.function(), col, window, f.type());
  }

  private static TransformException unfit(
      FeatureView view, Feature f, String needs, ValueType actual) {
    Aggregation a = f.aggregation();
    return new TransformException(
        "feature view "
            + view.qualifiedName()
            + ": "
            + a.function()
            + " of feature "
            + f.name()
            + " needs "
            + needs
            + (actual == null ? "" : ", " + a.column() + " is " + ValueTypes.displayName(actual)));
  }

  private static int column(FeatureView view, List<String> names, String name, String role) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new TransformException(
          "feature view "
              + view.qualifiedName()
              + ": its source has no column '"
              + name
              + "' ("
              + role
              + ")");
    }
    return i;
  }

  /** The join-key values of an event, in join-key order. */
  public List<Object> entity(Event e) {
    List<Object> out = new ArrayList<>(joinKeyColumns.size());
    for (int c : joinKeyColumns) {
      out.add(e.columns().get(c));
    }
    return out;
  }

  /** The longest window of the view's windowed features, in microseconds; 0 when none. */
  public long longestWindowMicros() {
    return features.stream().mapToLong(FeatureProgram::windowMicros).max().orElse(0);
  }

  /** The source column types by name, for readers that need them. */
  public Map<String, ValueType> schema() {
    Map<String, ValueType> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < columnNames.size(); i++) {
      m.put(columnNames.get(i), columnTypes.get(i));
    }
    return m;
  }
}
