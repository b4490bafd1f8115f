package dev.larder.pipelines.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.Aggregation;
import dev.larder.registry.model.AggregationFunction;
import dev.larder.registry.model.Feature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed cases of DESIGN §2: window bounds, ties by id, nulls. */
class EntityAggregatorTest {

  private static final long S = 1_000_000L;

  private final ViewProgram program =
      ViewProgram.compile(
          EventSets.view(
              List.of(
                  agg("count_2s", ValueType.INT64, AggregationFunction.COUNT, null, 2),
                  agg("sum_2s", ValueType.DOUBLE, AggregationFunction.SUM, "amount", 2),
                  agg("last_tag", ValueType.STRING, AggregationFunction.LAST, "tag", 0),
                  new Feature("copy_tag", ValueType.STRING, "tag", null, null, null))),
          EventSets.source(true));

  @Test
  void windowIsOpenAtItsStartAndTiesYieldOneRowAfterTheLastById() {
    EntityAggregator agg = new EntityAggregator(program);
    List<FeatureRow> rows = new ArrayList<>();
    agg.accept(event("o1", 0, 1.0, "a")).ifPresent(rows::add);
    agg.accept(event("o2", 2, 2.0, "b")).ifPresent(rows::add);
    agg.accept(event("o3", 2, null, null)).ifPresent(rows::add);
    agg.accept(event("o4", 3, 4.0, "d")).ifPresent(rows::add);
    agg.finish().ifPresent(rows::add);

    assertThat(rows)
        .containsExactly(
            row(0, 1L, 1.0, "a", "a"),
            // (0, 2]: the event at 0 has left; o3 is applied after o2 and its nulls win.
            row(2, 2L, 2.0, null, null),
            row(3, 3L, 6.0, "d", "d"));
  }

  @Test
  void refusesEventsOutOfOrder() {
    EntityAggregator agg = new EntityAggregator(program);
    agg.accept(event("o2", 5, 1.0, "a"));

    assertThatThrownBy(() -> agg.accept(event("o1", 5, 1.0, "a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of order");
  }

  private static Feature agg(
      String name, ValueType type, AggregationFunction fn, String column, long windowSec) {
    return new Feature(
        name,
        type,
        null,
        new Aggregation(fn, column, windowSec == 0 ? null : Duration.ofSeconds(windowSec)),
        null,
        null);
  }

  private static Event event(String id, long sec, Double amount, String tag) {
    List<Object> cols = Arrays.asList(id, "c1", amount, null, tag, sec * S);
    return new Event(EntityKeys.encode(List.of("c1")), sec * S, id, cols, "f", 1);
  }

  private static FeatureRow row(long sec, Object... values) {
    return new FeatureRow(List.of("c1"), sec * S, Arrays.asList(values));
  }
}
