package dev.larder.registry.load;

import static dev.larder.registry.testing.DefinitionFiles.BASE;
import static dev.larder.registry.testing.DefinitionFiles.assertOnlyProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.larder.registry.model.ValueTypes;
import dev.larder.registry.testing.DefinitionFiles;
import dev.larder.registry.validate.DefinitionProblem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checks that span declarations and files: unique names, references, schemas. */
class ReferenceRulesTest {

  /** A view over orders with two features, for services to reference; it starts at line 14. */
  private static final String STATS =
      """
      feature_views:
        - name: stats
          version: 3
          entities: [customer]
          source: orders
          features:
            - {name: spend, type: DOUBLE, aggregation: {function: SUM, column: order_value}}
            - {name: order_count, type: INT64, aggregation: {function: COUNT}}
      """;

  @TempDir Path dir;

  private DefinitionFiles files() {
    return new DefinitionFiles(dir);
  }

  @Test
  void namesAreUniqueAcrossTheFilesOfAProject() {
    String second =
        """
        project: shop
        entities:
          - {name: customer, join_keys: [{name: customer_id, type: STRING}]}
        sources:
          - {name: orders, timestamp_field: t, schema: {t: TIMESTAMP}}
        feature_views:
          - {name: stats, entities: [customer], features: [{name: x, type: INT64}]}
        feature_services:
          - {name: svc, features: ["stats:spend"]}
          - {name: svc, features: ["stats:spend"]}
        """;
    List<DefinitionProblem> problems =
        files().problems(Map.of("a.yaml", BASE + STATS, "b.yaml", second));
    String a = files().file("a.yaml");
    String b = files().file("b.yaml");
    assertThat(problems)
        .extracting(
            DefinitionProblem::file,
            DefinitionProblem::line,
            DefinitionProblem::path,
            DefinitionProblem::message)
        .containsExactly(
            tuple(b, 3, "entities[0].name", "entity 'customer' is already defined at " + a + ":3"),
            tuple(b, 5, "sources[0].name", "source 'orders' is already defined at " + a + ":6"),
            tuple(
                b,
                7,
                "feature_views[0].name",
                "feature view 'stats' is already defined at " + a + ":15"),
            tuple(
                b,
                10,
                "feature_services[1].name",
                "feature service 'svc' is already defined at " + b + ":9"));
  }

  @Test
  void projectsMayReuseNames() {
    String other = BASE.replace("project: shop", "project: other") + STATS;
    assertThat(files().load(Map.of("a.yaml", BASE + STATS, "b.yaml", other)).projects()).hasSize(2);
  }

  @Test
  void featureNamesAreUniqueWithinAView() {
    assertOnlyProblem(
        files().problems(BASE + STATS.replace("name: order_count", "name: spend")),
        21,
        "feature_views[0].features[1].name",
        "feature 'spend' is given twice in this view");
  }

  @Test
  void aViewNamesKnownEntities() {
    assertOnlyProblem(
        files().problems(BASE + STATS.replace("[customer]", "[customer, courier]")),
        17,
        "feature_views[0].entities[1]",
        "unknown entity 'courier' (entities: customer)");
  }

  @Test
  void aViewNamesAKnownSource() {
    assertOnlyProblem(
        files().problems(BASE + STATS.replace("source: orders", "source: order")),
        18,
        "feature_views[0].source",
        "unknown source 'order' (sources: orders)");
  }

  @Test
  void theSourceHasAColumnForEveryJoinKey() {
    String yaml = BASE.replace("customer_id: STRING, ", "");
    assertOnlyProblem(
        files().problems(yaml + STATS),
        18,
        "feature_views[0].source",
        "source 'orders' has no column for join key 'customer_id'");
  }

  @Test
  void theSourceColumnOfAJoinKeyHasItsType() {
    String yaml = BASE.replace("customer_id: STRING, ", "customer_id: INT64, ");
    assertOnlyProblem(
        files().problems(yaml + STATS),
        18,
        "feature_views[0].source",
        "join key 'customer_id' is STRING but column 'customer_id' of source 'orders' is INT64");
  }

  @Test
  void theEntitiesOfAViewHaveDistinctJoinKeys() {
    String yaml =
        BASE.replace(
            "entities:\n",
            """
            entities:
              - name: buyer
                join_keys: [{name: customer_id, type: STRING}]
            """);
    assertOnlyProblem(
        files().problems(yaml + STATS.replace("[customer]", "[customer, buyer]")),
        19,
        "feature_views[0].entities[1]",
        "entities 'customer' and 'buyer' both have join key 'customer_id'");
  }

  @Test
  void anEntityIsListedOnceInAView() {
    assertOnlyProblem(
        files().problems(BASE + STATS.replace("[customer]", "[customer, customer]")),
        17,
        "feature_views[0].entities[1]",
        "entity 'customer' is listed twice");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "event_time: TIMESTAMP | event_time: INT64 | 7 | timestamp_field"
            + " | timestamp_field 'event_time' must be a TIMESTAMP column, is INT64",
        "timestamp_field: event_time | timestamp_field: ts | 7 | timestamp_field"
            + " | timestamp_field 'ts' is not in the schema",
        "id_field: order_id | id_field: id | 8 | id_field | id_field 'id' is not in the schema",
      })
  void theTimestampAndIdFieldsAreColumnsOfTheSchema(
      String from, String to, int line, String key, String message) {
    assertOnlyProblem(files().problems(BASE.replace(from, to)), line, "sources[0]." + key, message);
  }

  @Test
  void servicesArePinnedToTheVersionDefined() {
    String yaml =
        BASE
            + STATS
            + """
            feature_services:
              - name: svc
                features: ["stats:spend", "stats@v3:order_count"]
            """;
    assertThat(files().project(yaml).featureService("svc").features())
        .extracting(Object::toString)
        .containsExactly("stats@v3:spend", "stats@v3:order_count");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "stats.spend | invalid feature reference 'stats.spend': expected view:feature",
        "stats@3:spend | invalid feature reference 'stats@3:spend'",
        "stat:spend | unknown feature view 'stat' (views: stats)",
        "stats@v2:spend | feature view 'stats' is at v3, not v2",
        "stats:spends | feature view 'stats' has no feature 'spends'",
      })
  void servicesReferenceFeaturesThatExist(String ref, String message) {
    String yaml =
        BASE
            + STATS
            + """
            feature_services:
              - name: svc
                features: ["stats:spend", "%s"]
            """
                .formatted(ref);
    assertOnlyProblem(files().problems(yaml), 24, "feature_services[0].features[1]", message);
  }

  @Test
  void aServiceListsAFeatureOnce() {
    String yaml =
        BASE
            + STATS
            + """
            feature_services:
              - name: svc
                features: ["stats:spend", "stats@v3:spend"]
            """;
    assertOnlyProblem(
        files().problems(yaml),
        24,
        "feature_services[0].features[1]",
        "feature 'stats@v3:spend' is listed twice");
  }

  @Test
  void problemsOfEveryFileAreReportedTogether() {
    List<DefinitionProblem> problems =
        files()
            .problems(
                Map.of(
                    "a.yaml", BASE.replace("items: INT32", "items: INT"),
                    "sub/b.yaml", "project: shop\nfeature_views:\n  - {name: v}\n",
                    "sub/c.yml", "project: [shop]\n"));
    assertThat(problems)
        .extracting(p -> Path.of(p.file()).getFileName() + ":" + p.line() + " " + p.message())
        .containsExactly(
            "a.yaml:11 unknown type 'INT' (types: " + ValueTypes.allNames() + ")",
            "b.yaml:3 missing required key 'entities'",
            "b.yaml:3 missing required key 'features'",
            "c.yml:1 expected a single value, found a list");
  }
}
