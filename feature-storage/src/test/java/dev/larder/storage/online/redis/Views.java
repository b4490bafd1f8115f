package dev.larder.storage.online.redis;

import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.testing.FeatureViews;
import java.time.Duration;
import java.util.List;

/** Feature views and values for the tests of this package. */
final class Views {

  private Views() {}

  /** A view of project {@code test} with the given join keys, features and ttl (null for none). */
  static FeatureView view(
      String name, List<JoinKey> joinKeys, List<ValueType> featureTypes, Duration ttl) {
    return FeatureViews.view(name, joinKeys, featureTypes, ttl);
  }

  static Value str(String s) {
    return Value.newBuilder().setStringVal(s).build();
  }

  static Value i32(int v) {
    return Value.newBuilder().setInt32Val(v).build();
  }

  static Value i64(long v) {
    return Value.newBuilder().setInt64Val(v).build();
  }

  static Value dbl(double v) {
    return Value.newBuilder().setDoubleVal(v).build();
  }
}
