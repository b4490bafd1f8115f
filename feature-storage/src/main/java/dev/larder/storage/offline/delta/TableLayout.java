package dev.larder.storage.offline.delta;

import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import io.delta.standalone.types.ArrayType;
import io.delta.standalone.types.BinaryType;
import io.delta.standalone.types.BooleanType;
import io.delta.standalone.types.DataType;
import io.delta.standalone.types.DateType;
import io.delta.standalone.types.DoubleType;
import io.delta.standalone.types.FloatType;
import io.delta.standalone.types.IntegerType;
import io.delta.standalone.types.LongType;
import io.delta.standalone.types.StringType;
import io.delta.standalone.types.StructField;
import io.delta.standalone.types.StructType;
import io.delta.standalone.types.TimestampType;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * Where a view's table lives and what its columns are (DESIGN §6).
 *
 * <p>The table is {@code {root}/{project}/{view}/v{N}/}. Its columns are the join keys, {@code
 * event_timestamp} and {@code created_timestamp} (UTC timestamps, microseconds), then the features
 * in definition order; it is partitioned by {@code event_date}, the UTC date of the event time,
 * which lives in the directory names and the log, not in the files. Lists are standard three-level
 * Parquet lists of non-null elements. Immutable.
 */
public final class TableLayout {

  public static final String EVENT_TIMESTAMP = "event_timestamp";
  public static final String CREATED_TIMESTAMP = "created_timestamp";
  static final String EVENT_DATE = "event_date";

  private final FeatureView view;
  private final Path tablePath;

  TableLayout(FeatureView view, String root) {
    this.view = view;
    this.tablePath =
        new Path(new Path(new Path(root, view.project()), view.name()), "v" + view.version());
  }

  FeatureView view() {
    return view;
  }

  Path tablePath() {
    return tablePath;
  }

  List<JoinKey> joinKeys() {
    return view.joinKeys();
  }

  List<Feature> features() {
    return view.features();
  }

  /** The Delta schema: the data columns, then the partition column. */
  StructType deltaSchema() {
    List<StructField> fields = new ArrayList<>();
    for (JoinKey key : view.joinKeys()) {
      fields.add(new StructField(key.name(), deltaType(key.type()), false));
    }
    fields.add(new StructField(EVENT_TIMESTAMP, new TimestampType(), false));
    fields.add(new StructField(CREATED_TIMESTAMP, new TimestampType(), false));
    for (Feature feature : view.features()) {
      fields.add(new StructField(feature.name(), deltaType(feature.type()), true));
    }
    fields.add(new StructField(EVENT_DATE, new DateType(), false));
    return new StructType(fields.toArray(StructField[]::new));
  }

  /** The Parquet schema of the data files: every column but the partition column. */
  MessageType parquetSchema() {
    List<Type> fields = new ArrayList<>();
    for (JoinKey key : view.joinKeys()) {
      fields.add(parquetType(key.name(), key.type(), Repetition.REQUIRED));
    }
    fields.add(parquetType(EVENT_TIMESTAMP, ValueType.TIMESTAMP, Repetition.REQUIRED));
    fields.add(parquetType(CREATED_TIMESTAMP, ValueType.TIMESTAMP, Repetition.REQUIRED));
    for (Feature feature : view.features()) {
      fields.add(parquetType(feature.name(), feature.type(), Repetition.OPTIONAL));
    }
    return new MessageType("larder_row", fields);
  }

  private static DataType deltaType(ValueType type) {
    return switch (type) {
      case BOOL -> new BooleanType();
      case INT32 -> new IntegerType();
      case INT64 -> new LongType();
      case FLOAT -> new FloatType();
      case DOUBLE -> new DoubleType();
      case STRING -> new StringType();
      case BYTES -> new BinaryType();
      case TIMESTAMP -> new TimestampType();
      case INT32_LIST -> new ArrayType(new IntegerType(), false);
      case INT64_LIST -> new ArrayType(new LongType(), false);
      case FLOAT_LIST -> new ArrayType(new FloatType(), false);
      case DOUBLE_LIST -> new ArrayType(new DoubleType(), false);
      case STRING_LIST -> new ArrayType(new StringType(), false);
      default -> throw new IllegalArgumentException("no offline column type for " + type);
    };
  }

  /**
   * The Parquet type of a column holding values of {@code type}, as the table's data files have it.
   *
   * @throws IllegalArgumentException if the offline store has no column type for {@code type}
   */
  public static Type parquetType(String name, ValueType type, Repetition repetition) {
    ValueType element = ValueColumns.elementType(type);
    if (element != null) {
      return Types.buildGroup(repetition)
          .as(LogicalTypeAnnotation.listType())
          .addField(
              Types.repeatedGroup()
                  .addField(parquetType("element", element, Repetition.REQUIRED))
                  .named("list"))
          .named(name);
    }
    return switch (type) {
      case BOOL -> Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(name);
      case INT32 -> Types.primitive(PrimitiveTypeName.INT32, repetition).named(name);
      case INT64 -> Types.primitive(PrimitiveTypeName.INT64, repetition).named(name);
      case FLOAT -> Types.primitive(PrimitiveTypeName.FLOAT, repetition).named(name);
      case DOUBLE -> Types.primitive(PrimitiveTypeName.DOUBLE, repetition).named(name);
      case STRING ->
          Types.primitive(PrimitiveTypeName.BINARY, repetition)
              .as(LogicalTypeAnnotation.stringType())
              .named(name);
      case BYTES -> Types.primitive(PrimitiveTypeName.BINARY, repetition).named(name);
      case TIMESTAMP ->
          Types.primitive(PrimitiveTypeName.INT64, repetition)
              .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
              .named(name);
      default -> throw new IllegalArgumentException("no offline column type for " + type);
    };
  }
}
