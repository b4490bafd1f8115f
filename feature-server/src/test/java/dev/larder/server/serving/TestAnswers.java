package dev.larder.server.serving;

import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureRef;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.registry.model.Project;
import dev.larder.storage.online.OnlineRow;
import dev.larder.storage.online.StoredRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Answers for the tests of other packages, which cannot make one themselves. */
public final class TestAnswers {

  private static final long NOW = 1_700_000_000_000_000L;

  private TestAnswers() {}

  /**
   * The answer for {@code rows} entities (an INT64 join key) of one STRING feature, every row
   * stored and within its view's ttl (there is none).
   */
  public static EncodedAnswer ofRows(int rows) {
    FeatureView view =
        FeatureView.builder()
            .project("p")
            .name("v")
            .joinKeys(List.of(new JoinKey("id", ValueType.INT64)))
            .features(List.of(new Feature("f", ValueType.STRING, null, null, null, "")))
            .build();
    FeaturePlan plan =
        FeaturePlan.resolve(
            new Project("p", List.of(), List.of(), List.of(view), List.of()),
            List.of(FeatureRef.parse("v:f")),
            false);
    List<Value> ids = new ArrayList<>();
    List<StoredRow> stored = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      ids.add(Value.newBuilder().setInt64Val(r).build());
      Value value = Value.newBuilder().setStringVal("value of entity " + r).build();
      stored.add(StoredRow.of(new OnlineRow(NOW - r, NOW, List.of(value))));
    }
    return AnswerEncoder.encode(
        plan, Map.of("id", ids), rows, stored, false, NOW, new StatusCounts(1));
  }
}
