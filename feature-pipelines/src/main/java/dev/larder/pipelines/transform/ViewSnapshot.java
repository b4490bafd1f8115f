package dev.larder.pipelines.transform;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.Aggregation;
import dev.larder.registry.model.AggregationFunction;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link FeatureView} in a form Java serialization can ship to Flink tasks (the model class is
 * not serializable): what the offline store needs of it, rebuilt by {@link #view()}.
 */
public record ViewSnapshot(
    String project,
    String name,
    int version,
    List<String> entities,
    List<String> joinKeyNames,
    List<ValueType> joinKeyTypes,
    Duration ttl,
    List<FeatureSnapshot> features)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** A feature; {@code defaultValue} is the serialized {@link Value}, or null for none. */
  public record FeatureSnapshot(
      String name,
      ValueType type,
      String column,
      AggregationFunction function,
      String aggregationColumn,
      Duration window,
      byte[] defaultValue)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  public static ViewSnapshot of(FeatureView v) {
    List<FeatureSnapshot> features = new ArrayList<>();
    for (Feature f : v.features()) {
      Aggregation a = f.aggregation();
      features.add(
          new FeatureSnapshot(
              f.name(),
              f.type(),
              f.column(),
              a == null ? null : a.function(),
              a == null ? null : a.column(),
              a == null ? null : a.window(),
              f.defaultValue() == null ? null : f.defaultValue().toByteArray()));
    }
    return new ViewSnapshot(
        v.project(),
        v.name(),
        v.version(),
        new ArrayList<>(v.entities()),
        new ArrayList<>(v.joinKeys().stream().map(JoinKey::name).toList()),
        new ArrayList<>(v.joinKeys().stream().map(JoinKey::type).toList()),
        v.ttl().orElse(null),
        features);
  }

  /** The view this snapshot was taken of. */
  public FeatureView view() {
    List<JoinKey> keys = new ArrayList<>();
    for (int i = 0; i < joinKeyNames.size(); i++) {
      keys.add(new JoinKey(joinKeyNames.get(i), joinKeyTypes.get(i)));
    }
    List<Feature> fs = new ArrayList<>();
    for (FeatureSnapshot f : features) {
      fs.add(
          new Feature(
              f.name(),
              f.type(),
              f.column(),
              f.function() == null
                  ? null
                  : new Aggregation(f.function(), f.aggregationColumn(), f.window()),
              defaultValue(f.defaultValue()),
              null));
    }
    return FeatureView.builder()
        .project(project)
        .name(name)
        .version(version)
        .entities(entities)
        .joinKeys(keys)
        .ttl(ttl)
        .features(fs)
        .build();
  }

  private static Value defaultValue(byte[] bytes) {
    try {
      return bytes == null ? null : Value.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new UncheckedIOException(e);
    }
  }
}
