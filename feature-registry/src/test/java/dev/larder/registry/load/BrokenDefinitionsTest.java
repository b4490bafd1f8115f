package dev.larder.registry.load;

import static dev.larder.registry.testing.DefinitionFiles.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.larder.registry.errors.InvalidDefinitionException;
import dev.larder.registry.validate.DefinitionProblem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One file with many kinds of mistakes: every one is reported, in place, and nothing else. */
class BrokenDefinitionsTest {

  private static final Path BROKEN = resource("definitions/broken/broken.yaml");

  private final List<DefinitionProblem> problems =
      catchThrowableOfType(
              InvalidDefinitionException.class, () -> new DefinitionLoader().load(BROKEN))
          .problems();

  @Test
  void everyMistakeIsReportedWithItsLineAndPath() {
    assertThat(problems).extracting(DefinitionProblem::file).containsOnly(BROKEN.toString());
    assertThat(problems)
        .extracting(DefinitionProblem::line, DefinitionProblem::path)
        .containsExactly(
            tuple(5, "entities[0].descripton"),
            tuple(7, "entities[1].join_keys[0].type"),
            tuple(10, "sources[0].timestamp_field"),
            tuple(13, "sources[0].schema.amount"),
            tuple(16, "sources[0].batch.format"),
            tuple(19, "feature_views[0].version"),
            tuple(20, "feature_views[0].entities[1]"),
            tuple(22, "feature_views[0].ttl"),
            tuple(24, "feature_views[0].features[0].type"),
            tuple(26, "feature_views[0].features[2].aggregation.column"),
            tuple(27, "feature_views[0].features[3].aggregation"),
            tuple(28, "feature_views[0].features[4].name"),
            tuple(28, "feature_views[0].features[4].aggregation.function"),
            tuple(29, "feature_views[0].features[5].default"),
            tuple(33, "feature_views[1].features[0].column"),
            tuple(33, "feature_views[1].features[0].default"),
            tuple(36, "feature_services[0].features[1]"),
            tuple(36, "feature_services[0].features[2]"));
  }

  @Test
  void eachMessageNamesTheBadValue() {
    assertThat(problems)
        .extracting(DefinitionProblem::message)
        .satisfiesExactly(
            m -> assertThat(m).contains("unknown key 'descripton'", "did you mean 'description'"),
            m -> assertThat(m).contains("join key type must be STRING, INT32 or INT64, was DOUBLE"),
            m -> assertThat(m).contains("'event_time' must be a TIMESTAMP column, is STRING"),
            m -> assertThat(m).contains("unknown type 'DECIMAL'", "LIST<FLOAT>"),
            m -> assertThat(m).contains("unknown format 'orc'", "parquet, csv, jsonl, delta"),
            m -> assertThat(m).contains("version must be 1 or more, was 0"),
            m -> assertThat(m).contains("unknown entity 'custmer'"),
            m -> assertThat(m).contains("invalid duration '2 hours'"),
            m -> assertThat(m).contains("COUNT", "must be INT64, not DOUBLE"),
            m -> assertThat(m).contains("SUM needs a numeric column, but 'note' is STRING"),
            m -> assertThat(m).contains("give 'column' or 'aggregation', not both"),
            m -> assertThat(m).contains("'big-spender' is not a valid name"),
            m -> assertThat(m).contains("unknown aggregation function 'MEDIAN'"),
            m -> assertThat(m).contains("default a list does not fit type STRING"),
            m -> assertThat(m).contains("has no source", "cannot copy a column"),
            m -> assertThat(m).contains("default 'abc' does not fit type FLOAT"),
            m -> assertThat(m).contains("'customer_stats' has no feature 'nothing'"),
            m -> assertThat(m).contains("invalid feature reference 'pushed'"));
  }

  @Test
  void theExceptionMessageListsEveryProblemWithItsPlace() {
    InvalidDefinitionException e =
        catchThrowableOfType(
            InvalidDefinitionException.class, () -> new DefinitionLoader().load(BROKEN));
    assertThat(e.getMessage())
        .startsWith("18 problems in definitions:")
        .contains(BROKEN + ":22: feature_views[0].ttl: invalid duration '2 hours'");
  }
}
