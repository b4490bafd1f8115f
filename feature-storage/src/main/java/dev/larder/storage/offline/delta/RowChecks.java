package dev.larder.storage.offline.delta;

import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.errors.InvalidRowsException;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.registry.model.ValueTypes;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.TimeRange;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** Checks that rows fit a view before anything of them is written. Stateless. */
final class RowChecks {

  /** Delta writes dates as {@code yyyy-MM-dd}: event times must fall in years 1 to 9999. */
  private static final long MIN_EVENT_MICROS = micros(Instant.parse("0001-01-01T00:00:00Z"));

  private static final long MAX_EVENT_MICROS = micros(Instant.parse("9999-12-31T23:59:59.999999Z"));

  private RowChecks() {}

  /**
   * Checks every row.
   *
   * @param range when not null, every event time must lie in it
   * @throws InvalidRowsException naming the first bad row, its column and why
   */
  static void check(FeatureView view, List<OfflineRow> rows, TimeRange range) {
    for (int r = 0; r < rows.size(); r++) {
      check(view, rows.get(r), r, range);
    }
  }

  /**
   * Checks one row.
   *
   * @param r the row's position, for the message
   * @param range when not null, the event time must lie in it
   * @throws InvalidRowsException naming the row, its column and why
   */
  static void check(FeatureView view, OfflineRow row, int r, TimeRange range) {
    List<JoinKey> keys = view.joinKeys();
    List<Feature> features = view.features();
    if (row == null) {
      throw bad(view, r, "is null");
    }
    if (row.entity().size() != keys.size()) {
      throw bad(
          view, r, "has " + row.entity().size() + " join-key values, expected " + keys.size());
    }
    for (int k = 0; k < keys.size(); k++) {
      if (!ValueTypes.holds(row.entity().get(k), keys.get(k).type())) {
        throw bad(view, r, column(keys.get(k).name(), keys.get(k).type(), row.entity().get(k)));
      }
    }
    if (row.values().size() != features.size()) {
      throw bad(
          view, r, "has " + row.values().size() + " feature values, expected " + features.size());
    }
    for (int f = 0; f < features.size(); f++) {
      Value v = row.values().get(f);
      Feature feature = features.get(f);
      if (v.getKindCase() != Value.KindCase.KIND_NOT_SET && !ValueTypes.holds(v, feature.type())) {
        throw bad(view, r, column(feature.name(), feature.type(), v));
      }
    }
    long event = row.eventTimeMicros();
    if (event < MIN_EVENT_MICROS || event > MAX_EVENT_MICROS) {
      throw bad(view, r, "event_timestamp " + event + " µs is outside years 1 to 9999");
    }
    if (range != null && !range.contains(event)) {
      throw bad(view, r, "event_timestamp " + instant(event) + " is outside " + range);
    }
  }

  /** The UTC date of an event time: the row's {@code event_date} partition. */
  static LocalDate eventDate(long eventTimeMicros) {
    return LocalDate.ofInstant(instant(eventTimeMicros), ZoneOffset.UTC);
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  private static String column(String name, ValueType type, Value value) {
    return "column "
        + name
        + " must be "
        + ValueTypes.displayName(type)
        + ", was "
        + ValueTypes.nameOf(value);
  }

  private static InvalidRowsException bad(FeatureView view, int row, String why) {
    return new InvalidRowsException(
        "row "
            + row
            + " for offline table of "
            + view.project()
            + ":"
            + view.qualifiedName()
            + " "
            + why);
  }
}
