package dev.larder.storage.offline.delta;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompactionPlanTest {

  @Test
  void packsSmallFilesSmallestFirstIntoBinsOfAboutTheTarget() {
    List<Long> sizes = List.of(60L, 10L, 500L, 30L, 40L, 20L);

    assertThat(CompactionPlan.bins(sizes, Long::longValue, 100))
        .containsExactly(List.of(10L, 20L, 30L, 40L));
  }

  @Test
  void aBinOfOneFileIsDroppedAndBigFilesAreNeverTouched() {
    assertThat(CompactionPlan.bins(List.of(90L, 200L), Long::longValue, 100)).isEmpty();
    assertThat(CompactionPlan.bins(List.of(30L, 40L), Long::longValue, 100))
        .containsExactly(List.of(30L, 40L));
  }
}
