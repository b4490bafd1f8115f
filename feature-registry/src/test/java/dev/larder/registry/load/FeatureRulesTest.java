package dev.larder.registry.load;

import static dev.larder.registry.testing.DefinitionFiles.BASE;
import static dev.larder.registry.testing.DefinitionFiles.assertOnlyProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.Aggregation;
import dev.larder.registry.model.AggregationFunction;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.ValueTypes;
import dev.larder.registry.testing.DefinitionFiles;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How features compute their values from the view's source (DESIGN §2). */
class FeatureRulesTest {

  /** The line of the first feature in {@link #withFeatures}. */
  private static final int FIRST = 19;

  private static final String F0 = "feature_views[0].features[0]";

  @TempDir Path dir;

  private DefinitionFiles files() {
    return new DefinitionFiles(dir);
  }

  /** BASE with one view of customers over orders; features start at line {@link #FIRST}. */
  private static String withFeatures(String... features) {
    StringBuilder sb =
        new StringBuilder(BASE)
            .append("feature_views:\n")
            .append("  - name: stats\n")
            .append("    entities: [customer]\n")
            .append("    source: orders\n")
            .append("    features:\n");
    for (String f : features) {
      sb.append("      - ").append(f).append('\n');
    }
    return sb.toString();
  }

  @Test
  void featureNamesMayNotBeJoinKeysOrRowTimestamps() {
    assertOnlyProblem(
        files().problems(withFeatures("{name: customer_id, type: STRING}")),
        FIRST,
        F0 + ".name",
        "feature name 'customer_id' is taken by a column every row carries (a join key)");
    assertOnlyProblem(
        files()
            .problems(
                withFeatures(
                    "{name: created_timestamp, type: INT64, aggregation: {function: COUNT}}")),
        FIRST,
        F0 + ".name",
        "feature name 'created_timestamp' is taken by a column every row carries (a timestamp)");
  }

  @Test
  void aFeatureCopiesAColumnOrAggregatesOneNotBoth() {
    assertOnlyProblem(
        files()
            .problems(
                withFeatures(
                    "{name: v, type: DOUBLE, column: order_value,"
                        + " aggregation: {function: LAST, column: order_value}}")),
        FIRST,
        F0 + ".aggregation",
        "not both");
  }

  @Test
  void aCopiedColumnMustBeInTheSourceSchema() {
    assertOnlyProblem(
        files().problems(withFeatures("{name: v, type: DOUBLE, column: order_valu}")),
        FIRST,
        F0 + ".column",
        "source 'orders' has no column 'order_valu' (columns: order_id,");
  }

  @Test
  void aCopiedColumnMustHaveTheFeaturesType() {
    assertOnlyProblem(
        files().problems(withFeatures("{name: v, type: INT64, column: items}")),
        FIRST,
        F0 + ".type",
        "feature 'v' is INT64 but column 'items' of source 'orders' is INT32");
  }

  @Test
  void aFeatureWithoutComputationCopiesTheColumnOfItsName() {
    Feature f =
        files()
            .project(withFeatures("{name: order_value, type: DOUBLE}"))
            .view("stats", 1)
            .features()
            .get(0);
    assertThat(f.column()).isEqualTo("order_value");
    assertThat(f.aggregation()).isNull();
  }

  @Test
  void aFeatureWithoutComputationNeedsAColumnOfItsName() {
    assertOnlyProblem(
        files().problems(withFeatures("{name: spend, type: DOUBLE}")),
        FIRST,
        F0 + ".name",
        "no column 'spend' (a feature without 'column' or 'aggregation' copies the column");
  }

  @Test
  void functionsAreCaseInsensitive() {
    Feature f =
        files()
            .project(
                withFeatures("{name: n, type: INT64, aggregation: {function: count, window: 90m}}"))
            .view("stats", 1)
            .features()
            .get(0);
    assertThat(f.aggregation())
        .isEqualTo(new Aggregation(AggregationFunction.COUNT, null, Duration.ofMinutes(90)));
  }

  @Test
  void anUnknownFunctionIsNamedWithTheKnownOnes() {
    assertOnlyProblem(
        files()
            .problems(
                withFeatures(
                    "{name: n, type: DOUBLE, aggregation: {function: MEDIAN, column:"
                        + " order_value}}")),
        FIRST,
        F0 + ".aggregation.function",
        "unknown aggregation function 'MEDIAN' (functions: COUNT, SUM, AVG, MIN, MAX, LAST,"
            + " FIRST)");
  }

  @ParameterizedTest
  @CsvSource({"SUM", "AVG", "MIN", "MAX", "LAST", "FIRST"})
  void everyFunctionButCountNeedsAColumn(String function) {
    assertOnlyProblem(
        files()
            .problems(
                withFeatures(
                    "{name: n, type: DOUBLE, aggregation: {function: "
                        + function
                        + ", window: 1d}}")),
        FIRST,
        F0 + ".aggregation",
        function + " needs a 'column'");
  }

  @Test
  void anAggregatedColumnMustBeInTheSchema() {
    assertOnlyProblem(
        files()
            .problems(
                withFeatures(
                    "{name: n, type: INT64, aggregation: {function: COUNT, column: nope}}")),
        FIRST,
        F0 + ".aggregation.column",
        "source 'orders' has no column 'nope'");
  }

  @ParameterizedTest(name = "{0} of {1} yields {2}")
  @CsvSource({
    "COUNT, order_id, INT64",
    "SUM, items, INT64",
    "SUM, order_value, DOUBLE",
    "AVG, items, DOUBLE",
    "AVG, order_value, DOUBLE",
    "MIN, items, INT32",
    "MAX, order_value, DOUBLE",
    "LAST, restaurant_id, STRING",
    "FIRST, event_time, TIMESTAMP",
    "LAST, tags, LIST<STRING>",
  })
  void aggregationsYieldTheirType(String function, String column, String type) {
    String f =
        "{name: n, type: '"
            + type
            + "', aggregation: {function: "
            + function
            + ", column: "
            + column
            + "}}";
    Feature feature = files().project(withFeatures(f)).view("stats", 1).features().get(0);
    assertThat(feature.type()).isEqualTo(ValueTypes.parse(type).get());
  }

  @ParameterizedTest(name = "{0} of {1} is not {2}")
  @CsvSource({
    "COUNT, order_id, INT32, INT64",
    "SUM, items, INT32, INT64",
    "SUM, order_value, FLOAT, DOUBLE",
    "AVG, items, INT64, DOUBLE",
    "MIN, items, INT64, INT32",
    "LAST, restaurant_id, BYTES, STRING",
  })
  void aFeatureMustHaveTheTypeItsAggregationYields(
      String function, String column, String declared, String yields) {
    String f =
        "{name: n, type: "
            + declared
            + ", aggregation: {function: "
            + function
            + ", column: "
            + column
            + "}}";
    assertOnlyProblem(
        files().problems(withFeatures(f)),
        FIRST,
        F0 + ".type",
        function
            + " here yields "
            + yields
            + ", so feature 'n' must be "
            + yields
            + ", not "
            + declared);
  }

  @ParameterizedTest
  @CsvSource({"SUM", "AVG", "MIN", "MAX"})
  void arithmeticNeedsANumericColumn(String function) {
    assertOnlyProblem(
        files()
            .problems(
                withFeatures(
                    "{name: n, type: STRING, aggregation: {function: "
                        + function
                        + ", column: restaurant_id}}")),
        FIRST,
        F0 + ".aggregation.column",
        function + " needs a numeric column, but 'restaurant_id' is STRING");
  }

  @ParameterizedTest
  @CsvSource({"0s", "0d", "-1h", "1 day"})
  void windowsArePositiveDurations(String window) {
    assertOnlyProblem(
        files()
            .problems(
                withFeatures(
                    "{name: n, type: INT64, aggregation: {function: COUNT, window: '"
                        + window
                        + "'}}")),
        FIRST,
        F0 + ".aggregation.window",
        window);
  }

  @Test
  void aViewWithoutSourceComputesNothing() {
    String yaml =
        BASE
            + """
            feature_views:
              - name: pushed
                entities: [customer]
                features:
                  - {name: a, type: DOUBLE, column: order_value}
                  - {name: b, type: INT64, aggregation: {function: COUNT}}
                  - {name: c, type: DOUBLE}
            """;
    var problems = files().problems(yaml);
    assertThat(problems)
        .extracting(p -> p.line() + " " + p.path())
        .containsExactly(
            "18 feature_views[0].features[0].column",
            "19 feature_views[0].features[1].aggregation");
    assertThat(problems.get(1).message())
        .isEqualTo(
            "feature view 'pushed' has no source, so feature 'b' cannot aggregate (its"
                + " values come from pushes)");
  }

  @Test
  void unreadableTypesAreReportedOnceNotAgainByTheChecksThatUseThem() {
    String yaml =
        BASE.replace("items: INT32", "items: INTEGER")
            + "feature_views:\n  - name: stats\n    entities: [customer]\n    source: orders\n"
            + "    features:\n"
            + "      - {name: n, type: INT64, aggregation: {function: SUM, column: items}}\n"
            + "      - {name: items, type: FLAOT}\n";
    assertThat(files().problems(yaml))
        .extracting(p -> p.line() + " " + p.path())
        .containsExactly("11 sources[0].schema.items", "20 feature_views[0].features[1].type");
  }

  @Test
  void anUnreadableAggregationIsReportedOnceNotTakenForACopy() {
    assertOnlyProblem(
        files().problems(withFeatures("{name: n, type: INT64, aggregation: COUNT}")),
        FIRST,
        F0 + ".aggregation",
        "'aggregation' must be a mapping, found the value 'COUNT'");
  }

  @Test
  void typeNamesMayBeWrittenInAnyCase() {
    assertThat(
            files()
                .project(withFeatures("{name: order_value, type: double}"))
                .view("stats", 1)
                .features()
                .get(0)
                .type())
        .isEqualTo(ValueType.DOUBLE);
  }
}
