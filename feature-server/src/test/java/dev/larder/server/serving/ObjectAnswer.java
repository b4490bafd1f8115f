package dev.larder.server.serving;

import com.google.protobuf.Timestamp;
import dev.larder.proto.serving.v1.FeatureVector;
import dev.larder.proto.serving.v1.FieldStatus;
import dev.larder.proto.serving.v1.GetOnlineFeaturesResponse;
import dev.larder.proto.types.v1.Value;
import dev.larder.registry.model.Feature;
import dev.larder.storage.online.OnlineRow;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The answer built as objects, the way the server did before {@link AnswerEncoder}: the oracle the
 * encoder's bytes are checked against. Written for clarity, not speed.
 */
final class ObjectAnswer {

  private ObjectAnswer() {}

  /**
   * @param stored per view of the plan, then per row, the row or null
   * @param stale whether the rows come from the fallback cache
   */
  static GetOnlineFeaturesResponse build(
      FeaturePlan plan,
      Map<String, List<Value>> entities,
      int rows,
      List<OnlineRow> stored,
      boolean stale,
      long nowMicros) {
    GetOnlineFeaturesResponse.Builder response =
        GetOnlineFeaturesResponse.newBuilder().setMetadata(plan.metadata());
    for (String key : plan.joinKeys().keySet()) {
      FeatureVector.Builder vector = FeatureVector.newBuilder().addAllValues(entities.get(key));
      for (int r = 0; r < rows; r++) {
        vector.addStatuses(FieldStatus.PRESENT).addEventTimestamps(Timestamp.getDefaultInstance());
      }
      response.addResults(vector);
    }
    for (FeaturePlan.Column column : plan.columns()) {
      int v = column.viewIndex();
      int index = column.feature().index();
      Feature feature = column.feature().feature();
      Value fallback = feature.hasDefault() ? feature.defaultValue() : Value.getDefaultInstance();
      long maxAge = plan.views().get(v).ttl().map(ObjectAnswer::micros).orElse(-1L);
      FeatureVector.Builder vector = FeatureVector.newBuilder();
      for (int r = 0; r < rows; r++) {
        OnlineRow row = stored.get(v * rows + r);
        vector.addEventTimestamps(
            row == null ? Timestamp.getDefaultInstance() : timestamp(row.eventTimeMicros()));
        if (row == null || index >= row.values().size()) {
          vector
              .addValues(fallback)
              .addStatuses(feature.hasDefault() ? FieldStatus.DEFAULTED : FieldStatus.NOT_FOUND);
        } else if (maxAge >= 0 && nowMicros - row.eventTimeMicros() > maxAge) {
          vector.addValues(fallback).addStatuses(FieldStatus.OUTSIDE_MAX_AGE);
        } else {
          Value value = row.values().get(index);
          vector
              .addValues(value)
              .addStatuses(
                  stale
                      ? FieldStatus.STALE
                      : value.getKindCase() == Value.KindCase.KIND_NOT_SET
                          ? FieldStatus.NULL_VALUE
                          : FieldStatus.PRESENT);
        }
      }
      response.addResults(vector);
    }
    return response.build();
  }

  private static long micros(Duration d) {
    return d.getSeconds() * 1_000_000L + d.getNano() / 1_000;
  }

  private static Timestamp timestamp(long micros) {
    return Timestamp.newBuilder()
        .setSeconds(Math.floorDiv(micros, 1_000_000L))
        .setNanos((int) Math.floorMod(micros, 1_000_000L) * 1_000)
        .build();
  }
}
