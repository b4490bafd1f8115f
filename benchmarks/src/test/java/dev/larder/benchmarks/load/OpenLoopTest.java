package dev.larder.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OpenLoopTest {

  @Test
  void sendsAtTheRateWhateverTheAnswersAndRecordsEachCall() {
    AtomicInteger n = new AtomicInteger();
    LookupTarget<Long> target =
        new LookupTarget<>() {
          @Override
          public String name() {
            return "every third fails";
          }

          @Override
          public CompletableFuture<Long> lookup(long[] entityIds) {
            return n.incrementAndGet() % 3 == 0
                ? CompletableFuture.failedFuture(new IllegalStateException("refused"))
                : CompletableFuture.completedFuture(entityIds[0]);
          }

          @Override
          public long verify(long[] entityIds, Long answer) {
            return 0;
          }

          @Override
          public void close() {}
        };
    List<OpenLoop.Call<Long>> calls;
    try (OpenLoop<Long, Long> load =
        new OpenLoop<>(target, 1, 10, 7, id -> id, e -> e.getMessage())) {
      load.start(1_000);
      await().atMost(Duration.ofSeconds(30)).until(() -> n.get() >= 300);
      calls = load.stop(1_000);
    }

    assertThat(calls.size()).isGreaterThanOrEqualTo(300);
    // Never ahead of the rate: call k goes out k ms after the first at the earliest.
    long spanMicros = (calls.get(calls.size() - 1).startNanos() - calls.get(0).startNanos()) / 1000;
    assertThat(spanMicros)
        .as("µs between the first and last send at 1,000/s")
        .isGreaterThanOrEqualTo((calls.size() - 1) * 900L);
    assertThat(calls).filteredOn(c -> !c.ok()).hasSize(calls.size() / 3);
    assertThat(calls)
        .allSatisfy(
            c -> {
              if (c.ok()) {
                assertThat(c.summary()).isBetween(0L, 9L);
                assertThat(c.error()).isNull();
              } else {
                assertThat(c.error()).isEqualTo("refused");
                assertThat(c.summary()).isNull();
              }
              assertThat(c.endNanos()).isGreaterThanOrEqualTo(c.startNanos());
            });
    assertThat(calls).isSortedAccordingTo((a, b) -> Long.compare(a.startNanos(), b.startNanos()));
  }
}
