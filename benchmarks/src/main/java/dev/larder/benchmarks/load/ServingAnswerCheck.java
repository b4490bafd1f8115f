package dev.larder.benchmarks.load;

import com.google.protobuf.Timestamp;
import dev.larder.benchmarks.workload.BenchWorkload;
import dev.larder.benchmarks.workload.FeatureValues;
import dev.larder.proto.serving.v1.FeatureVector;
import dev.larder.proto.serving.v1.FieldStatus;
import dev.larder.proto.serving.v1.GetOnlineFeaturesResponse;
import dev.larder.proto.types.v1.Value;
import java.util.List;

/** Checks a {@code GetOnlineFeatures} answer for the benchmark's 250 features. Stateless. */
final class ServingAnswerCheck {

  private static final List<String> COLUMNS = BenchWorkload.answerColumns();

  private ServingAnswerCheck() {}

  /**
   * Checks that the answer has the join key and the 250 features, in request order, one entry per
   * requested entity, every feature {@code PRESENT} with an event time and the value loaded.
   *
   * @return the number of feature values checked (250 per entity)
   * @throws VerificationException describing the first difference
   */
  static long check(long[] entityIds, GetOnlineFeaturesResponse answer) {
    List<String> names = answer.getMetadata().getFeatureNamesList();
    if (!names.equals(COLUMNS) || answer.getResultsCount() != COLUMNS.size()) {
      throw new VerificationException(
          "the server answered "
              + answer.getResultsCount()
              + " columns named "
              + abbreviate(names)
              + "; expected "
              + COLUMNS.size()
              + " (entity_id and 250 features, in request order)");
    }
    int n = entityIds.length;
    FeatureVector keys = answer.getResults(0);
    for (int r = 0; r < n; r++) {
      if (keys.getValuesCount() != n || keys.getValues(r).getInt64Val() != entityIds[r]) {
        throw new VerificationException(
            "the server's entity_id column does not echo the request at row " + r);
      }
    }
    for (int c = 1; c < COLUMNS.size(); c++) {
      FeatureVector column = answer.getResults(c);
      String name = COLUMNS.get(c);
      if (column.getValuesCount() != n
          || column.getStatusesCount() != n
          || column.getEventTimestampsCount() != n) {
        throw new VerificationException(
            "column "
                + name
                + " has "
                + column.getValuesCount()
                + " values, "
                + column.getStatusesCount()
                + " statuses and "
                + column.getEventTimestampsCount()
                + " event timestamps for "
                + n
                + " entities");
      }
      int view = (c - 1) / BenchWorkload.FEATURES_PER_VIEW;
      int feature = (c - 1) % BenchWorkload.FEATURES_PER_VIEW;
      for (int r = 0; r < n; r++) {
        checkCell(name, r, entityIds[r], column, FeatureValues.value(view, feature, entityIds[r]));
      }
    }
    return (long) n * BenchWorkload.FEATURES;
  }

  private static void checkCell(
      String name, int row, long entityId, FeatureVector column, Value expected) {
    FieldStatus status = column.getStatuses(row);
    String where = "column " + name + ", row " + row + " (entity_id " + entityId + ")";
    if (status != FieldStatus.PRESENT) {
      throw new VerificationException(where + " has status " + status + ", expected PRESENT");
    }
    Value value = column.getValues(row);
    if (!value.equals(expected)) {
      throw new VerificationException(
          where + " holds " + value.toString().trim() + ", expected " + expected.toString().trim());
    }
    Timestamp time = column.getEventTimestamps(row);
    if (time.getSeconds() <= 0) {
      throw new VerificationException(where + " has no event timestamp");
    }
  }

  private static String abbreviate(List<String> names) {
    return names.size() <= 6
        ? names.toString()
        : names.subList(0, 3) + "..." + names.subList(names.size() - 2, names.size());
  }
}
