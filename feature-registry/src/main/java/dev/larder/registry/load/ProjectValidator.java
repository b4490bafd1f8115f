package dev.larder.registry.load;

import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.errors.InvalidFeatureReferenceException;
import dev.larder.registry.load.Declarations.EntityDecl;
import dev.larder.registry.load.Declarations.FeatureDecl;
import dev.larder.registry.load.Declarations.ProjectDecl;
import dev.larder.registry.load.Declarations.Ref;
import dev.larder.registry.load.Declarations.ServiceDecl;
import dev.larder.registry.load.Declarations.SourceDecl;
import dev.larder.registry.load.Declarations.ViewDecl;
import dev.larder.registry.model.FeatureRef;
import dev.larder.registry.model.JoinKey;
import dev.larder.registry.model.ValueTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The checks of a project that span declarations and files: unique names, references between
 * entities, sources, views and services, and sources' schemas. Feature computations are checked by
 * {@link FeatureChecks}.
 */
final class ProjectValidator {

  /** Columns of every feature row besides its join keys and features. */
  static final Set<String> RESERVED_COLUMNS = Set.of("event_timestamp", "created_timestamp");

  private final Problems problems;
  private final Map<String, EntityDecl> entities;
  private final Map<String, SourceDecl> sources;
  private final Map<String, ViewDecl> views;

  private ProjectValidator(ProjectDecl project, Problems problems) {
    this.problems = problems;
    this.entities = unique(project.entities(), EntityDecl::name, EntityDecl::node, "entity");
    this.sources = unique(project.sources(), SourceDecl::name, SourceDecl::node, "source");
    this.views = unique(project.views(), ViewDecl::name, ViewDecl::node, "feature view");
    unique(project.services(), ServiceDecl::name, ServiceDecl::node, "feature service");
  }

  /** Adds every problem of the project to {@code problems}. */
  static void validate(ProjectDecl project, Problems problems) {
    ProjectValidator v = new ProjectValidator(project, problems);
    project.sources().forEach(v::checkSource);
    project.views().forEach(v::checkView);
    project.services().forEach(v::checkService);
  }

  private <T> Map<String, T> unique(
      List<T> decls, Function<T, String> name, Function<T, YamlNode> node, String what) {
    Map<String, T> byName = new LinkedHashMap<>();
    for (T decl : decls) {
      String n = name.apply(decl);
      T first = n == null ? null : byName.putIfAbsent(n, decl);
      if (first != null) {
        YamlNode at = node.apply(first);
        problems.add(
            node.apply(decl).at("name"),
            "%s '%s' is already defined at %s:%d".formatted(what, n, at.file(), at.line()));
      }
    }
    return byName;
  }

  private void checkSource(SourceDecl s) {
    String ts = s.timestampField();
    ValueType type = ts == null ? ValueType.VALUE_TYPE_UNSPECIFIED : s.schema().get(ts);
    if (type == null) {
      problems.add(
          s.node().at("timestamp_field"),
          "timestamp_field '%s' is not in the schema".formatted(ts));
    } else if (mismatch(type, ValueType.TIMESTAMP)) {
      problems.add(
          s.node().at("timestamp_field"),
          "timestamp_field '%s' must be a TIMESTAMP column, is %s".formatted(ts, name(type)));
    }
    if (s.idField() != null && !s.schema().containsKey(s.idField())) {
      problems.add(
          s.node().at("id_field"), "id_field '%s' is not in the schema".formatted(s.idField()));
    }
  }

  private void checkView(ViewDecl v) {
    List<JoinKey> joinKeys = joinKeys(v);
    reservedNames(v, joinKeys);
    if (v.source() == null) {
      FeatureChecks.withoutSource(v, problems);
      return;
    }
    SourceDecl source = sources.get(v.source());
    if (source == null) {
      problems.add(
          v.node().at("source"),
          "unknown source '%s' (sources: %s)".formatted(v.source(), names(sources)));
      return;
    }
    for (JoinKey key : joinKeys) {
      ValueType column = source.schema().get(key.name());
      if (column == null) {
        problems.add(
            v.node().at("source"),
            "source '%s' has no column for join key '%s'".formatted(source.name(), key.name()));
      } else if (mismatch(column, key.type())) {
        problems.add(
            v.node().at("source"),
            "join key '%s' is %s but column '%s' of source '%s' is %s"
                .formatted(key.name(), name(key.type()), key.name(), source.name(), name(column)));
      }
    }
    FeatureChecks.withSource(v, source, problems);
  }

  /**
   * Feature names may not be those of the columns every row carries besides its features: rows and
   * answers would hold two columns of one name.
   */
  private void reservedNames(ViewDecl v, List<JoinKey> joinKeys) {
    Set<String> reserved = new HashSet<>(RESERVED_COLUMNS);
    joinKeys.forEach(k -> reserved.add(k.name()));
    for (FeatureDecl f : v.features()) {
      if (reserved.contains(f.name())) {
        problems.add(
            f.node().at("name"),
            "feature name '%s' is taken by a column every row carries (%s)"
                .formatted(
                    f.name(), RESERVED_COLUMNS.contains(f.name()) ? "a timestamp" : "a join key"));
      }
    }
  }

  /** The join keys of the view's entities; reports unknown, repeated and colliding entities. */
  private List<JoinKey> joinKeys(ViewDecl v) {
    Map<String, String> entityOfKey = new HashMap<>();
    Set<String> seen = new HashSet<>();
    List<JoinKey> keys = new ArrayList<>();
    for (Ref ref : v.entities()) {
      EntityDecl entity = entities.get(ref.name());
      if (!seen.add(ref.name())) {
        problems.add(ref.node(), "entity '%s' is listed twice".formatted(ref.name()));
      } else if (entity == null) {
        problems.add(
            ref.node(),
            "unknown entity '%s' (entities: %s)".formatted(ref.name(), names(entities)));
      } else {
        for (JoinKey key : entity.joinKeys()) {
          String other = entityOfKey.putIfAbsent(key.name(), entity.name());
          if (other != null) {
            problems.add(
                ref.node(),
                "entities '%s' and '%s' both have join key '%s'"
                    .formatted(other, entity.name(), key.name()));
          }
          keys.add(key);
        }
      }
    }
    return keys;
  }

  private void checkService(ServiceDecl s) {
    Set<FeatureRef> seen = new HashSet<>();
    for (Ref ref : s.features()) {
      try {
        FeatureRef parsed = FeatureRef.parse(ref.name());
        String problem = unresolved(parsed);
        if (problem == null && !seen.add(new FeatureRef(parsed.view(), 0, parsed.feature()))) {
          problem = "feature '%s' is listed twice".formatted(ref.name());
        }
        if (problem != null) {
          problems.add(ref.node(), problem);
        }
      } catch (InvalidFeatureReferenceException e) {
        problems.add(ref.node(), e.getMessage());
      }
    }
  }

  /** Why a reference names no declared feature, or null when it names one. */
  private String unresolved(FeatureRef ref) {
    ViewDecl view = views.get(ref.view());
    if (view == null) {
      return "unknown feature view '%s' (views: %s)".formatted(ref.view(), names(views));
    }
    if (ref.pinned() && view.version() != null && ref.version() != view.version()) {
      return "feature view '%s' is at v%d, not v%d"
          .formatted(view.name(), view.version(), ref.version());
    }
    if (view.features().stream().map(FeatureDecl::name).noneMatch(ref.feature()::equals)) {
      return "feature view '%s' has no feature '%s'".formatted(view.name(), ref.feature());
    }
    return null;
  }

  /** Whether two types differ, when both could be read. */
  static boolean mismatch(ValueType a, ValueType b) {
    return a != b && a != ValueType.VALUE_TYPE_UNSPECIFIED && b != ValueType.VALUE_TYPE_UNSPECIFIED;
  }

  private static String name(ValueType type) {
    return ValueTypes.displayName(type);
  }

  private static String names(Map<String, ?> declared) {
    return String.join(", ", declared.keySet());
  }
}
