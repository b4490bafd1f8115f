package dev.larder.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import dev.larder.benchmarks.workload.BenchWorkload;
import dev.larder.benchmarks.workload.FeatureValues;
import dev.larder.proto.serving.v1.FeatureVector;
import dev.larder.proto.serving.v1.FieldStatus;
import dev.larder.proto.serving.v1.GetOnlineFeaturesResponse;
import dev.larder.proto.types.v1.Value;
import org.junit.jupiter.api.Test;

class ServingAnswerCheckTest {

  private static final long[] IDS = {7, 42};
  private static final Timestamp LOADED_AT =
      Timestamp.newBuilder().setSeconds(1_700_000_000).build();

  @Test
  void acceptsTheLoadedValuesAndCountsThem() {
    assertThat(ServingAnswerCheck.check(IDS, answer().build())).isEqualTo(2 * 250);
  }

  @Test
  void rejectsAMissingRow() {
    GetOnlineFeaturesResponse.Builder answer = answer();
    answer
        .getResultsBuilder(12)
        .setStatuses(1, FieldStatus.NOT_FOUND)
        .setValues(1, Value.getDefaultInstance());

    assertThatThrownBy(() -> ServingAnswerCheck.check(IDS, answer.build()))
        .isInstanceOf(VerificationException.class)
        .hasMessage(
            "column feature_011, row 1 (entity_id 42) has status NOT_FOUND, expected PRESENT");
  }

  @Test
  void acceptsAnAnswerFromTheFallbacksButCountsNoValue() {
    GetOnlineFeaturesResponse.Builder answer = fromFallbacks();

    assertThat(ServingAnswerCheck.check(IDS, answer.build())).isZero();
  }

  @Test
  void checksTheStaleValuesOfAnAnswerFromTheFallbacks() {
    GetOnlineFeaturesResponse.Builder answer = fromFallbacks();
    answer.getResultsBuilder(3).setValues(0, Value.newBuilder().setInt64Val(-1));

    assertThatThrownBy(() -> ServingAnswerCheck.check(IDS, answer.build()))
        .isInstanceOf(VerificationException.class)
        .hasMessageStartingWith("column feature_002, row 0 (entity_id 7) holds int64_val: -1");
  }

  @Test
  void rejectsANotFoundValueThatHoldsAValue() {
    GetOnlineFeaturesResponse.Builder answer = fromFallbacks();
    answer.getResultsBuilder(5).setValues(1, FeatureValues.value(0, 4, 42));

    assertThatThrownBy(() -> ServingAnswerCheck.check(IDS, answer.build()))
        .isInstanceOf(VerificationException.class)
        .hasMessage(
            "column feature_004, row 1 (entity_id 42) is NOT_FOUND but holds a value or a time");
  }

  @Test
  void rejectsAWrongValue() {
    GetOnlineFeaturesResponse.Builder answer = answer();
    answer.getResultsBuilder(1).setValues(0, Value.newBuilder().setInt64Val(-1));

    assertThatThrownBy(() -> ServingAnswerCheck.check(IDS, answer.build()))
        .isInstanceOf(VerificationException.class)
        .hasMessageStartingWith("column feature_000, row 0 (entity_id 7) holds int64_val: -1");
  }

  @Test
  void rejectsAMissingColumn() {
    GetOnlineFeaturesResponse.Builder answer = answer();
    answer.removeResults(250);
    answer
        .getMetadataBuilder()
        .clearFeatureNames()
        .addAllFeatureNames(BenchWorkload.answerColumns().subList(0, 250));

    assertThatThrownBy(() -> ServingAnswerCheck.check(IDS, answer.build()))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("answered 250 columns");
  }

  /**
   * The answer of a server whose Redis read missed its deadline: the first entity served lately
   * ({@code STALE}, its values remembered), the second not ({@code NOT_FOUND}).
   */
  private static GetOnlineFeaturesResponse.Builder fromFallbacks() {
    GetOnlineFeaturesResponse.Builder answer = answer();
    for (int c = 1; c < answer.getResultsCount(); c++) {
      answer
          .getResultsBuilder(c)
          .setStatuses(0, FieldStatus.STALE)
          .setStatuses(1, FieldStatus.NOT_FOUND)
          .setValues(1, Value.getDefaultInstance())
          .setEventTimestamps(1, Timestamp.getDefaultInstance());
    }
    return answer;
  }

  /** A correct answer for {@link #IDS}: entity_id, then each feature's loaded values. */
  private static GetOnlineFeaturesResponse.Builder answer() {
    GetOnlineFeaturesResponse.Builder answer = GetOnlineFeaturesResponse.newBuilder();
    answer.getMetadataBuilder().addAllFeatureNames(BenchWorkload.answerColumns());
    FeatureVector.Builder keys = answer.addResultsBuilder();
    for (long id : IDS) {
      keys.addValues(Value.newBuilder().setInt64Val(id))
          .addStatuses(FieldStatus.PRESENT)
          .addEventTimestamps(Timestamp.getDefaultInstance());
    }
    for (int v = 0; v < BenchWorkload.VIEWS; v++) {
      for (int f = 0; f < BenchWorkload.FEATURES_PER_VIEW; f++) {
        FeatureVector.Builder column = answer.addResultsBuilder();
        for (long id : IDS) {
          column
              .addValues(FeatureValues.value(v, f, id))
              .addStatuses(FieldStatus.PRESENT)
              .addEventTimestamps(LOADED_AT);
        }
      }
    }
    return answer;
  }
}
