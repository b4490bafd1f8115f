package dev.larder.registry.load;

import static dev.larder.registry.load.ProjectValidator.mismatch;

import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.load.Declarations.AggregationDecl;
import dev.larder.registry.load.Declarations.FeatureDecl;
import dev.larder.registry.load.Declarations.SourceDecl;
import dev.larder.registry.load.Declarations.ViewDecl;
import dev.larder.registry.model.AggregationFunction;
import dev.larder.registry.model.ValueTypes;

/**
 * Checks how each feature of a view is computed from the view's source: copied columns exist and
 * have the feature's type, aggregations have the columns they need and yield the feature's type
 * (DESIGN §2).
 */
final class FeatureChecks {

  private FeatureChecks() {}

  /** A view without a source is fed only by pushes: its features compute nothing. */
  static void withoutSource(ViewDecl view, Problems problems) {
    String message =
        "feature view '%s' has no source, so feature '%s' cannot %s (its values come"
            + " from pushes)";
    for (FeatureDecl f : view.features()) {
      if (f.column() != null) {
        problems.add(
            f.node().at("column"), message.formatted(view.name(), f.name(), "copy a column"));
      }
      if (f.aggregation() != null) {
        problems.add(f.aggregation().node(), message.formatted(view.name(), f.name(), "aggregate"));
      }
    }
  }

  /**
   * Checks the features of a view against its source. A feature that names neither a column nor an
   * aggregation copies the column of its own name; one whose column or aggregation could not be
   * read is skipped (already reported).
   */
  static void withSource(ViewDecl view, SourceDecl source, Problems problems) {
    for (FeatureDecl f : view.features()) {
      if (f.aggregation() != null) {
        aggregation(f, f.aggregation(), source, problems);
      } else if (f.column() != null) {
        copy(f, f.column(), f.node().at("column"), source, problems);
      } else if (f.name() != null && !f.namesComputation()) {
        copy(f, f.name(), f.node().at("name"), source, problems);
      }
    }
  }

  private static void copy(
      FeatureDecl f, String column, YamlNode at, SourceDecl source, Problems problems) {
    ValueType type = source.schema().get(column);
    if (type == null) {
      String note =
          f.column() == null
              ? " (a feature without 'column' or 'aggregation' copies the column of its name)"
              : "";
      problems.add(at, noColumn(source, column, note));
    } else if (mismatch(type, f.type())) {
      problems.add(
          f.node().at("type"),
          "feature '%s' is %s but column '%s' of source '%s' is %s"
              .formatted(f.name(), name(f.type()), column, source.name(), name(type)));
    }
  }

  private static void aggregation(
      FeatureDecl f, AggregationDecl a, SourceDecl source, Problems problems) {
    if (a.function() == null) {
      return;
    }
    if (a.column() == null) {
      if (a.function() == AggregationFunction.COUNT) {
        expectType(f, a.function(), ValueType.INT64, problems);
      } else {
        problems.add(a.node(), a.function() + " needs a 'column'");
      }
      return;
    }
    ValueType column = source.schema().get(a.column());
    if (column == null) {
      problems.add(a.node().at("column"), noColumn(source, a.column(), ""));
    } else if (needsNumber(a.function()) && !ValueTypes.isNumeric(column)) {
      if (column != ValueType.VALUE_TYPE_UNSPECIFIED) {
        problems.add(
            a.node().at("column"),
            "%s needs a numeric column, but '%s' is %s"
                .formatted(a.function(), a.column(), name(column)));
      }
    } else {
      expectType(f, a.function(), resultType(a.function(), column), problems);
    }
  }

  private static void expectType(
      FeatureDecl f, AggregationFunction function, ValueType result, Problems problems) {
    if (mismatch(result, f.type())) {
      problems.add(
          f.node().at("type"),
          "%s here yields %s, so feature '%s' must be %s, not %s"
              .formatted(function, name(result), f.name(), name(result), name(f.type())));
    }
  }

  private static boolean needsNumber(AggregationFunction function) {
    return switch (function) {
      case SUM, AVG, MIN, MAX -> true;
      case COUNT, LAST, FIRST -> false;
    };
  }

  /** The type an aggregation yields over a column of the given type (numeric for SUM and AVG). */
  private static ValueType resultType(AggregationFunction function, ValueType column) {
    return switch (function) {
      case COUNT -> ValueType.INT64;
      case SUM ->
          column == ValueType.FLOAT || column == ValueType.DOUBLE
              ? ValueType.DOUBLE
              : ValueType.INT64;
      case AVG -> ValueType.DOUBLE;
      case MIN, MAX, LAST, FIRST -> column;
    };
  }

  private static String noColumn(SourceDecl source, String column, String note) {
    return "source '%s' has no column '%s'%s (columns: %s)"
        .formatted(source.name(), column, note, String.join(", ", source.schema().keySet()));
  }

  private static String name(ValueType type) {
    return ValueTypes.displayName(type);
  }
}
