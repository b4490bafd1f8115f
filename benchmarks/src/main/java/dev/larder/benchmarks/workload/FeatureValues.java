package dev.larder.benchmarks.workload;

import dev.larder.proto.types.v1.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's feature values: a pure function of (view, feature, entity id), so that the loader
 * needs no data file and a verifier can recompute what any answer must hold. Strings are about 10
 * bytes, numbers vary with the entity. Stateless and thread-safe.
 */
public final class FeatureValues {

  private FeatureValues() {}

  /** The value of a feature of a view for an entity, of {@link BenchWorkload#featureType}. */
  public static Value value(int view, int feature, long entityId) {
    int global = view * BenchWorkload.FEATURES_PER_VIEW + feature;
    return switch (BenchWorkload.featureType(feature)) {
      case INT64 -> Value.newBuilder().setInt64Val(entityId * 1_000 + global).build();
      case DOUBLE -> Value.newBuilder().setDoubleVal(entityId + global / 1_000.0).build();
      case FLOAT -> Value.newBuilder().setFloatVal((entityId % 100_000) + global / 1_000f).build();
      case STRING -> Value.newBuilder().setStringVal("e" + entityId + "-" + global).build();
      default ->
          throw new IllegalStateException(
              "no generator for type " + BenchWorkload.featureType(feature));
    };
  }

  /** The values of one view's row for an entity, in the view's feature order. */
  public static List<Value> row(int view, long entityId) {
    List<Value> values = new ArrayList<>(BenchWorkload.FEATURES_PER_VIEW);
    for (int f = 0; f < BenchWorkload.FEATURES_PER_VIEW; f++) {
      values.add(value(view, f, entityId));
    }
    return values;
  }
}
