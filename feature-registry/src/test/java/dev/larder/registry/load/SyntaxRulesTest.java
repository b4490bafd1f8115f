package dev.larder.registry.load;

import static dev.larder.registry.testing.DefinitionFiles.BASE;
import static dev.larder.registry.testing.DefinitionFiles.assertOnlyProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.larder.registry.model.FeatureCatalog;
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
import org.junit.jupiter.params.provider.ValueSource;

/** The shape of definitions documents: keys, node kinds, names, types, durations, formats. */
class SyntaxRulesTest {

  @TempDir Path dir;

  private List<DefinitionProblem> problems(String yaml) {
    return new DefinitionFiles(dir).problems(yaml);
  }

  private static String view(String... lines) {
    return BASE + "feature_views:\n  - " + String.join("\n    ", lines) + "\n";
  }

  @Test
  void anUnknownTopLevelKeySuggestsTheKnownOne() {
    assertOnlyProblem(
        problems(BASE + "feature_view: []\n"),
        14,
        "feature_view",
        "unknown key 'feature_view' (did you mean 'feature_views'? keys: project, entities,");
  }

  @Test
  void aTypoInARequiredKeyIsUnknownAndLeavesTheKeyMissing() {
    List<DefinitionProblem> problems = problems(BASE.replace("join_keys: [{", "join_key: [{"));
    assertThat(problems)
        .containsExactly(
            new DefinitionProblem(
                dir.resolve("defs.yaml").toString(),
                3,
                "entities[0]",
                "missing required key 'join_keys'"),
            new DefinitionProblem(
                dir.resolve("defs.yaml").toString(),
                4,
                "entities[0].join_key",
                "unknown key 'join_key' (did you mean 'join_keys'? keys: name, join_keys,"
                    + " description)"));
  }

  @Test
  void aKeyGivenTwiceIsReported() {
    assertOnlyProblem(
        problems(BASE.replace("  - name: orders\n", "  - name: orders\n    name: orders2\n")),
        7,
        "sources[0].name",
        "key 'name' is given twice");
  }

  @Test
  void everyDocumentNamesItsProject() {
    assertOnlyProblem(
        problems(BASE.replace("project: shop\n", "")), 1, "", "missing required key 'project'");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "entities: customer | 2 | entities | 'entities' must be a list, found the value 'customer'",
        "entities: [customer] | 2 | entities[0] | an entity must be a mapping, found the value",
        "feature_views: {a: 1} | 2 | feature_views | 'feature_views' must be a list, found a"
            + " mapping",
      })
  void nodesMustHaveTheirKind(String body, int line, String path, String message) {
    assertOnlyProblem(problems("project: p\n" + body + "\n"), line, path, message);
  }

  @Test
  void aDocumentMustBeAMapping() {
    assertOnlyProblem(
        problems("- project: p\n"), 1, "", "a definitions file must be a mapping, found a list");
  }

  @Test
  void aScalarIsExpectedWhereAListIsGiven() {
    assertOnlyProblem(
        problems(BASE.replace("id_field: order_id", "id_field: [order_id]")),
        8,
        "sources[0].id_field",
        "expected a single value, found a list");
  }

  @ParameterizedTest
  @ValueSource(strings = {"customer:stats", "stats@v2", "1st", "customer stats", "café"})
  void namesAreIdentifiers(String name) {
    assertOnlyProblem(
        problems(
            view(
                "name: '" + name + "'",
                "entities: [customer]",
                "features:",
                "  - {name: x, type: INT64}")),
        15,
        "feature_views[0].name",
        "'" + name + "' is not a valid name");
  }

  @Test
  void anUnknownTypeIsNamedWithEveryAcceptedType() {
    List<DefinitionProblem> problems = problems(BASE.replace("items: INT32", "items: LIST<BOOL>"));
    assertOnlyProblem(problems, 11, "sources[0].schema.items", "unknown type 'LIST<BOOL>'");
    assertThat(problems.get(0).message()).endsWith("(types: " + ValueTypes.allNames() + ")");
  }

  @ParameterizedTest
  @ValueSource(strings = {"DOUBLE", "BOOL", "TIMESTAMP", "LIST<INT64>"})
  void joinKeysAreStringsOrIntegers(String type) {
    assertOnlyProblem(
        problems(BASE.replace("type: STRING}]", "type: '" + type + "'}]")),
        4,
        "entities[0].join_keys[0].type",
        "join key type must be STRING, INT32 or INT64, was " + type);
  }

  @Test
  void anEntityNeedsAJoinKey() {
    assertOnlyProblem(
        problems(BASE.replace("[{name: customer_id, type: STRING}]", "[]")),
        4,
        "entities[0].join_keys",
        "an entity needs at least one join key");
  }

  @ParameterizedTest
  @CsvSource({"0, version must be 1 or more, was 0", "two, 'two' is not a whole number"})
  void versionsAreWholeNumbersFromOne(String version, String message) {
    assertOnlyProblem(
        problems(
            view(
                "name: v",
                "version: " + version,
                "entities: [customer]",
                "features:",
                "  - {name: x, type: INT64}")),
        16,
        "feature_views[0].version",
        message);
  }

  @ParameterizedTest
  @CsvSource({
    "ttl, 0m, duration must be positive, was '0m'",
    "ttl, 2 hours, invalid duration '2 hours'",
    "freshness_sla, 1h1h, invalid duration '1h1h': units must go from the largest",
    "freshness_sla, 5, invalid duration '5'",
  })
  void ttlAndFreshnessArePositiveDurations(String key, String value, String message) {
    assertOnlyProblem(
        problems(
            view(
                "name: v",
                "entities: [customer]",
                key + ": " + value,
                "features:",
                "  - {name: x, type: INT64}")),
        17,
        "feature_views[0]." + key,
        message);
  }

  @Test
  void aStreamIsJson() {
    assertOnlyProblem(
        problems(BASE.replace("format: json", "format: avro")),
        12,
        "sources[0].stream.format",
        "unknown format 'avro' (formats: json)");
  }

  @Test
  void aBatchNamesItsPathAndAKnownFormat() {
    assertThat(problems(BASE.replace("{path: data/orders/, format: parquet}", "{format: orc}")))
        .extracting(DefinitionProblem::line, DefinitionProblem::path, DefinitionProblem::message)
        .containsExactly(
            tuple(13, "sources[0].batch", "missing required key 'path'"),
            tuple(
                13,
                "sources[0].batch.format",
                "unknown format 'orc' (formats: parquet, csv, jsonl, delta)"));
  }

  @Test
  void maxOutOfOrdernessMayBeZero() {
    FeatureCatalog catalog =
        new DefinitionFiles(dir)
            .load(
                Map.of(
                    "defs.yaml",
                    BASE.replace("max_out_of_orderness: 5s", "max_out_of_orderness: 0s")));
    assertThat(catalog.project("shop").sources().get("orders").stream().maxOutOfOrderness())
        .isZero();
  }

  @Test
  void aYamlSyntaxErrorIsReportedWithItsLine() {
    List<DefinitionProblem> problems = problems("project: p\nentities:\n  - name: [a\n");
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).line()).isEqualTo(4);
    assertThat(problems.get(0).message()).startsWith("invalid YAML: ");
  }

  @Test
  void anEmptyFileHoldsNoDefinitions() {
    List<DefinitionProblem> problems = problems("# nothing yet\n");
    assertOnlyProblem(problems, 0, "", "the file holds no definitions");
  }
}
