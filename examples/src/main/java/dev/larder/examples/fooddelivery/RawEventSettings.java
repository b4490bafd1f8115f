package dev.larder.examples.fooddelivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@link RawEventWriter} generates: how many orders (the other sources scale with them), over
 * which span before {@code end}, and which share of events are late, duplicated or malformed.
 *
 * @param orders order events; restaurant status events are half as many, courier pings as many
 * @param end every event happens before this instant (late ones too)
 * @param span events are spread over {@code [end - span, end)}
 * @param lateShare events written long after their neighbours in time (out of order by minutes)
 * @param duplicateShare events written twice, the copy later in the file, same id
 * @param malformedShare lines that are not a valid event: broken JSON, a wrong type, no timestamp
 */
public record RawEventSettings(
    int orders,
    long seed,
    Instant end,
    Duration span,
    double lateShare,
    double duplicateShare,
    double malformedShare) {

  public static final int DEFAULT_ORDERS = 20_000;
  public static final Duration DEFAULT_SPAN = Duration.ofDays(7);
  public static final double DEFAULT_LATE_SHARE = 0.01;
  public static final double DEFAULT_DUPLICATE_SHARE = 0.005;
  public static final double DEFAULT_MALFORMED_SHARE = 0.001;

  public RawEventSettings {
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(span, "span");
    if (orders < 0) {
      throw new IllegalArgumentException("orders must be >= 0, was " + orders);
    }
    if (span.isNegative() || span.isZero()) {
      throw new IllegalArgumentException("span must be positive, was " + span);
    }
    share("lateShare", lateShare);
    share("duplicateShare", duplicateShare);
    share("malformedShare", malformedShare);
  }

  /** The defaults: a small week of data ending at {@code end}. */
  public static RawEventSettings defaults(Instant end) {
    return new RawEventSettings(
        DEFAULT_ORDERS,
        42,
        end,
        DEFAULT_SPAN,
        DEFAULT_LATE_SHARE,
        DEFAULT_DUPLICATE_SHARE,
        DEFAULT_MALFORMED_SHARE);
  }

  public RawEventSettings withOrders(int n) {
    return new RawEventSettings(n, seed, end, span, lateShare, duplicateShare, malformedShare);
  }

  private static void share(String name, double value) {
    if (!(value >= 0 && value < 0.5)) {
      throw new IllegalArgumentException(name + " must be in [0, 0.5), was " + value);
    }
  }
}
