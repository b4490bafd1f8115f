package dev.larder.registry.diff;

import dev.larder.proto.types.v1.Value;
import dev.larder.registry.model.Aggregation;
import dev.larder.registry.model.Durations;
import dev.larder.registry.model.Entity;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureRef;
import dev.larder.registry.model.FeatureService;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.registry.model.Source;
import dev.larder.registry.model.ValueTypes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Flattens a definition into {@code path -> value} text, so that any two definitions of the same
 * kind are compared field by field with one routine, and tells which paths are breaking for a view.
 * Stateless and thread-safe.
 */
public final class DefinitionFields {

  /**
   * The fields of a view whose change alters what stored rows mean (DESIGN §3): entities and join
   * keys, the source, a feature's type, copied column or aggregation, and a removed feature.
   */
  private static final Predicate<String> BREAKING =
      Pattern.compile(
              "^(entities|join_keys|source"
                  + "|features\\.[^.]+(\\.(type|column|aggregation\\..+))?)$")
          .asMatchPredicate();

  private DefinitionFields() {}

  public static Map<String, String> of(FeatureView v) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("entities", String.join(", ", v.entities()));
    f.put("join_keys", joinKeys(v.joinKeys()));
    put(f, "source", v.source());
    put(f, "ttl", v.ttl().map(Durations::format).orElse(null));
    put(f, "freshness_sla", v.freshnessSla().map(Durations::format).orElse(null));
    put(f, "description", v.description());
    put(f, "owner", v.owner());
    v.tags().forEach((k, value) -> f.put("tags." + k, value));
    for (Feature feature : v.features()) {
      String p = "features." + feature.name();
      f.put(p, ValueTypes.displayName(feature.type()));
      f.put(p + ".type", ValueTypes.displayName(feature.type()));
      put(f, p + ".column", feature.column());
      Aggregation a = feature.aggregation();
      if (a != null) {
        f.put(p + ".aggregation.function", a.function().name());
        put(f, p + ".aggregation.column", a.column());
        put(f, p + ".aggregation.window", format(a.window()));
      }
      put(f, p + ".default", feature.hasDefault() ? text(feature.defaultValue()) : null);
      put(f, p + ".description", feature.description());
    }
    return f;
  }

  static Map<String, String> of(Entity e) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("join_keys", joinKeys(e.joinKeys()));
    put(f, "description", e.description());
    return f;
  }

  static Map<String, String> of(Source s) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("timestamp_field", s.timestampField());
    put(f, "id_field", s.idField());
    s.schema().forEach((column, type) -> f.put("schema." + column, ValueTypes.displayName(type)));
    if (s.stream() != null) {
      f.put("stream.kafka_topic", s.stream().kafkaTopic());
      f.put("stream.format", s.stream().format());
      f.put("stream.max_out_of_orderness", format(s.stream().maxOutOfOrderness()));
    }
    if (s.batch() != null) {
      f.put("batch.path", s.batch().path());
      f.put("batch.format", s.batch().format());
    }
    put(f, "description", s.description());
    return f;
  }

  static Map<String, String> of(FeatureService s) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("features", String.join(", ", s.features().stream().map(FeatureRef::toString).toList()));
    put(f, "description", s.description());
    return f;
  }

  /**
   * The fields that differ between two flattened definitions, in the order they appear (before's
   * order, then fields only in after).
   *
   * @param view whether the definitions are feature views, whose breaking fields are flagged
   */
  static List<FieldChange> diff(
      Map<String, String> before, Map<String, String> after, boolean view) {
    Set<String> paths = new LinkedHashSet<>(before.keySet());
    paths.addAll(after.keySet());
    List<FieldChange> changes = new ArrayList<>();
    for (String path : paths) {
      String b = before.get(path);
      String a = after.get(path);
      if (b != null && b.equals(a) || ofNewOrRemovedFeature(path, before, after)) {
        continue;
      }
      boolean breaking = view && BREAKING.test(path) && existedBefore(path, before);
      changes.add(new FieldChange(path, b, a, breaking));
    }
    return changes;
  }

  /** A field of a feature only one side has: the feature's own line tells it is new or gone. */
  private static boolean ofNewOrRemovedFeature(
      String path, Map<String, String> before, Map<String, String> after) {
    String feature = featureOf(path);
    return feature != null
        && !feature.equals(path)
        && !(before.containsKey(feature) && after.containsKey(feature));
  }

  /** {@code features.NAME} for a path of that feature, else null. */
  private static String featureOf(String path) {
    if (!path.startsWith("features.")) {
      return null;
    }
    int dot = path.indexOf('.', "features.".length());
    return dot < 0 ? path : path.substring(0, dot);
  }

  /** A new feature is additive; any change on a breaking path of an existing one is not. */
  private static boolean existedBefore(String path, Map<String, String> before) {
    String feature = featureOf(path);
    return feature == null || before.containsKey(feature);
  }

  private static void put(Map<String, String> f, String path, String value) {
    if (value != null && !value.isEmpty()) {
      f.put(path, value);
    }
  }

  private static String joinKeys(List<JoinKey> keys) {
    return String.join(
        ", ", keys.stream().map(k -> k.name() + " " + ValueTypes.displayName(k.type())).toList());
  }

  private static String format(Duration d) {
    return d == null ? null : Durations.format(d);
  }

  private static String text(Value v) {
    return v.toString().strip().replace('\n', ' ');
  }
}
