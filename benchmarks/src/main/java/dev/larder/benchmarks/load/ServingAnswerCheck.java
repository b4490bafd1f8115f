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
   * <p>An answer the server made from its fallbacks, because Redis missed the read's deadline, is
   * the server working as designed, not a wrong answer: it has no {@code PRESENT} value, only
   * {@code STALE} ones (rows it served recently, checked like {@code PRESENT} ones) and {@code
   * NOT_FOUND} ones (entities it has not served lately). The benchmark reports how many answers the
   * server made so, from the server's own count.
   *
   * @return the number of {@code PRESENT} feature values checked (250 per entity; none in an answer
   *     from the fallbacks)
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
    boolean fromFallbacks = fromFallbacks(answer);
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
        checkCell(
            name,
            r,
            entityIds[r],
            column,
            FeatureValues.value(view, feature, entityIds[r]),
            fromFallbacks);
      }
    }
    return fromFallbacks ? 0 : (long) n * BenchWorkload.FEATURES;
  }

  /** Whether every feature value is {@code STALE} or {@code NOT_FOUND}, as in a fallback answer. */
  private static boolean fromFallbacks(GetOnlineFeaturesResponse answer) {
    for (int c = 1; c < answer.getResultsCount(); c++) {
      for (FieldStatus status : answer.getResults(c).getStatusesList()) {
        if (status != FieldStatus.STALE && status != FieldStatus.NOT_FOUND) {
          return false;
        }
      }
    }
    return true;
  }

  private static void checkCell(
      String name,
      int row,
      long entityId,
      FeatureVector column,
      Value expected,
      boolean fromFallbacks) {
    FieldStatus status = column.getStatuses(row);
    String where = "column " + name + ", row " + row + " (entity_id " + entityId + ")";
    if (fromFallbacks && status == FieldStatus.NOT_FOUND) {
      if (!column.getValues(row).equals(Value.getDefaultInstance())
          || !column.getEventTimestamps(row).equals(Timestamp.getDefaultInstance())) {
        throw new VerificationException(where + " is NOT_FOUND but holds a value or a time");
      }
      return;
    }
    if (status != (fromFallbacks ? FieldStatus.STALE : FieldStatus.PRESENT)) {
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
