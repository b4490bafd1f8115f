package dev.larder.testing;

import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Feature views for storage tests. */
public final class FeatureViews {

  private FeatureViews() {}

  /**
   * A view {@code name@v1} of project {@code test} with the given join keys, features {@code f0,
   * f1, …} of the given types, and ttl (null for none).
   */
  public static FeatureView view(
      String name, List<JoinKey> joinKeys, List<ValueType> featureTypes, Duration ttl) {
    List<Feature> features = new ArrayList<>();
    for (int i = 0; i < featureTypes.size(); i++) {
      features.add(new Feature("f" + i, featureTypes.get(i), null, null, null, null));
    }
    return FeatureView.builder()
        .project("test")
        .name(name)
        .version(1)
        .entities(joinKeys.stream().map(JoinKey::name).toList())
        .joinKeys(joinKeys)
        .features(features)
        .ttl(ttl)
        .build();
  }
}
