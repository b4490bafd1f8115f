package dev.larder.pipelines.materialize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.MaterializedInterval;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.storage.offline.TimeRange;
import dev.larder.testing.FeatureViews;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncrementalRangeTest {

  private static final Instant END = Instant.parse("2026-11-23T12:00:00Z");

  private static FeatureView view(Duration ttl) {
    return FeatureViews.view(
        "v", List.of(new JoinKey("id", ValueType.STRING)), List.of(ValueType.INT64), ttl);
  }

  private static MaterializedInterval done(String start, String end) {
    return new MaterializedInterval(
        "test", "v", 1, Instant.parse(start), Instant.parse(end), 1, "me", END);
  }

  @Test
  void neverMaterializedStartsOneTtlBeforeTheEnd() {
    assertThat(IncrementalRange.next(view(Duration.ofHours(2)), List.of(), END))
        .contains(new TimeRange(END.minus(Duration.ofHours(2)), END));
  }

  @Test
  void neverMaterializedWithoutTtlStartsAtTheEarliestInstant() {
    assertThat(IncrementalRange.next(view(null), List.of(), END))
        .contains(new TimeRange(IncrementalRange.EARLIEST, END));
  }

  @Test
  void resumesFromTheGreatestRecordedEndWhateverTheOrder() {
    List<MaterializedInterval> intervals =
        List.of(
            done("2026-11-22T00:00:00Z", "2026-11-23T00:00:00Z"),
            done("2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z"));
    assertThat(IncrementalRange.next(view(Duration.ofHours(2)), intervals, END))
        .contains(new TimeRange(Instant.parse("2026-11-23T00:00:00Z"), END));
  }

  @Test
  void nothingToDoWhenAlreadyMaterializedUpToTheEnd() {
    assertThat(
            IncrementalRange.next(
                view(null), List.of(done("2026-11-22T00:00:00Z", "2026-11-24T00:00:00Z")), END))
        .isEmpty();
  }
}
