package dev.larder.pipelines.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureView;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The transform core gives exactly the brute-force oracle's rows (DESIGN §2). */
class AggregationPropertyTest {

  @Property(tries = 500)
  void coreEqualsOracle(
      @ForAll("features") List<Feature> features,
      @ForAll("events") List<Event> events,
      @ForAll boolean withIds,
      @ForAll @IntRange(min = 0, max = 12) int startSec,
      @ForAll @IntRange(min = 1, max = 14) int lengthSec) {
    FeatureView view = EventSets.view(features);
    ViewProgram program = ViewProgram.compile(view, EventSets.source(withIds));
    List<Event> input = withIds ? events : EventSets.withoutIds(events);
    long start = startSec * 1_000_000L;
    long end = start + lengthSec * 1_000_000L;

    List<FeatureRow> actual = BatchTransform.rows(program, BatchTransform.dedup(input), start, end);

    assertThat(actual).isEqualTo(AggregationOracle.rows(view, input, start, end));
  }

  @Provide
  Arbitrary<List<Feature>> features() {
    return EventSets.features();
  }

  @Provide
  Arbitrary<List<Event>> events() {
    return EventSets.events();
  }
}
