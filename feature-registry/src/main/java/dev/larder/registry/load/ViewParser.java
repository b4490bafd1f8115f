package dev.larder.registry.load;

import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.load.Declarations.AggregationDecl;
import dev.larder.registry.load.Declarations.FeatureDecl;
import dev.larder.registry.load.Declarations.ViewDecl;
import dev.larder.registry.model.AggregationFunction;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads the feature views of a document, their features and aggregations. */
final class ViewParser {

  static final List<String> VIEW_KEYS =
      List.of(
          "name",
          "version",
          "entities",
          "source",
          "ttl",
          "freshness_sla",
          "description",
          "owner",
          "tags",
          "features");

  private static final List<String> FEATURE_KEYS =
      List.of("name", "type", "column", "aggregation", "default", "description");
  private static final List<String> AGGREGATION_KEYS = List.of("function", "column", "window");
  private static final String FUNCTIONS =
      Arrays.stream(AggregationFunction.values()).map(Enum::name).collect(Collectors.joining(", "));

  private final Problems problems;
  private final DefaultValues defaults;

  ViewParser(Problems problems) {
    this.problems = problems;
    this.defaults = new DefaultValues(problems);
  }

  ViewDecl view(Fields f) {
    ViewDecl view =
        new ViewDecl(
            f.node(),
            f.name("name"),
            version(f),
            f.names("entities", "a feature view needs at least one entity"),
            f.value("source").map(f::identifier).orElse(null),
            f.duration("ttl", false),
            f.duration("freshness_sla", false),
            f.each(
                f.nonEmptyList("features", "a feature view needs at least one feature"),
                "a feature",
                FEATURE_KEYS,
                this::feature),
            f.string("description", false),
            f.string("owner", false),
            f.stringMap("tags"));
    Set<String> seen = new HashSet<>();
    for (FeatureDecl feature : view.features()) {
      if (feature.name() != null && !seen.add(feature.name())) {
        problems.add(
            feature.node().at("name"),
            "feature '" + feature.name() + "' is given twice in this view");
      }
    }
    return view;
  }

  /** The version, 1 when absent; null when it is not a whole number >= 1 (reported). */
  private Integer version(Fields f) {
    if (f.value("version").isEmpty()) {
      return 1;
    }
    Integer version = f.integer("version");
    if (version != null && version < 1) {
      problems.add(f.node().at("version"), "version must be 1 or more, was " + version);
      return null;
    }
    return version;
  }

  private FeatureDecl feature(Fields f) {
    ValueType type = f.type("type");
    String column = f.value("column").map(f::identifier).orElse(null);
    AggregationDecl aggregation =
        f.value("aggregation")
            .map(n -> Fields.of(n, "'aggregation'", problems, AGGREGATION_KEYS))
            .map(this::aggregation)
            .orElse(null);
    if (column != null && f.value("aggregation").isPresent()) {
      problems.add(
          f.node().at("aggregation"),
          "a feature either copies a column or aggregates one: give 'column' or 'aggregation',"
              + " not both");
    }
    Value defaultValue =
        type == ValueType.VALUE_TYPE_UNSPECIFIED
            ? null
            : f.value("default").map(n -> defaults.parse(n, type)).orElse(null);
    return new FeatureDecl(
        f.node(),
        f.name("name"),
        type,
        column,
        aggregation,
        defaultValue,
        f.string("description", false));
  }

  private AggregationDecl aggregation(Fields f) {
    AggregationFunction function = f.required("function").map(n -> function(f, n)).orElse(null);
    return new AggregationDecl(
        f.node(),
        function,
        f.value("column").map(f::identifier).orElse(null),
        f.duration("window", false));
  }

  private AggregationFunction function(Fields f, YamlNode node) {
    String text = f.scalar(node);
    if (text == null) {
      return null;
    }
    try {
      return AggregationFunction.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add(
          node, "unknown aggregation function '" + text + "' (functions: " + FUNCTIONS + ")");
      return null;
    }
  }
}
