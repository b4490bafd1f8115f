package dev.larder.pipelines.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Buffering until the watermark, the timer it asks for, and what counts as late. */
class OrderedEntityTest {

  private static final long MS = 1_000L;

  private final ViewProgram program =
      ViewProgram.compile(
          EventSets.view(List.of(EventSets.count("count"))), EventSets.source(true));

  @Test
  void asksForATimerOnlyWhenAnEventIsTheEarliestBuffered() {
    OrderedEntity entity = new OrderedEntity(program);

    assertThat(entity.earliestMillis()).isEqualTo(OrderedEntity.NONE);
    assertThat(entity.buffer(event("o1", 20))).isTrue();
    assertThat(entity.buffer(event("o2", 30))).isFalse();
    assertThat(entity.buffer(event("o3", 20))).isFalse();
    assertThat(entity.buffer(event("o4", 10))).isTrue();
    assertThat(entity.earliestMillis()).isEqualTo(10);
  }

  @Test
  void appliesWhatTheWatermarkPassedInApplyOrderAndKeepsTheRest() {
    OrderedEntity entity = new OrderedEntity(program);
    entity.buffer(event("o3", 30));
    entity.buffer(event("o2", 20));
    entity.buffer(event("o1", 20));
    entity.buffer(event("o0", 10));
    List<FeatureRow> rows = new ArrayList<>();

    assertThat(entity.applyUpTo(9, rows::add)).isFalse();
    assertThat(entity.applyUpTo(20, rows::add)).isTrue();

    assertThat(rows).containsExactly(row(10, 1L), row(20, 3L));
    assertThat(entity.pending()).containsExactly(event("o3", 30));
    assertThat(entity.earliestMillis()).isEqualTo(30);

    assertThat(entity.applyUpTo(40, rows::add)).isTrue();
    assertThat(rows).endsWith(row(30, 4L));
    assertThat(entity.earliestMillis()).isEqualTo(OrderedEntity.NONE);
  }

  @Test
  void anEventIsLateWhenTheWatermarkPassedItOrItIsNotAfterTheLastApplied() {
    OrderedEntity entity = new OrderedEntity(program);
    entity.buffer(event("o1", 20));
    entity.applyUpTo(25, r -> {});

    assertThat(entity.isLate(event("o2", 25), 25)).isTrue();
    assertThat(entity.isLate(event("o2", 26), 25)).isFalse();
    // After a restart the watermark starts again from nothing; the aggregator still knows.
    assertThat(entity.isLate(event("o2", 20), Long.MIN_VALUE)).isTrue();
    assertThat(entity.isLate(event("o2", 21), Long.MIN_VALUE)).isFalse();
  }

  @Test
  void aRestoredEntityGoesOnAsTheOriginal() {
    OrderedEntity original = new OrderedEntity(program);
    original.buffer(event("o1", 10));
    original.applyUpTo(10, r -> {});
    original.buffer(event("o2", 20));
    OrderedEntity restored =
        OrderedEntity.restore(
            EntityAggregator.restore(program, original.aggregator().snapshot()),
            original.pending());
    List<FeatureRow> fromOriginal = new ArrayList<>();
    List<FeatureRow> fromRestored = new ArrayList<>();

    original.applyUpTo(20, fromOriginal::add);
    restored.applyUpTo(20, fromRestored::add);

    assertThat(fromRestored).isEqualTo(fromOriginal).containsExactly(row(20, 2L));
  }

  private static Event event(String id, long millis) {
    List<Object> cols = Arrays.asList(id, "c1", 1.0, null, "a", millis * MS);
    return new Event(EntityKeys.encode(List.of("c1")), millis * MS, id, cols, "f", 1);
  }

  private static FeatureRow row(long millis, Object... values) {
    return new FeatureRow(List.of("c1"), millis * MS, Arrays.asList(values));
  }
}
