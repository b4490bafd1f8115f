package dev.larder.server.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.larder.registry.errors.InvalidEntityKeyException;
import dev.larder.registry.model.FeatureView;
import dev.larder.storage.online.EncodedRow;
import dev.larder.storage.online.OnlineStore;
import dev.larder.storage.online.OnlineStoreUnavailableException;
import dev.larder.storage.online.RowEncoder;
import dev.larder.storage.online.RowKey;
import dev.larder.storage.online.StoredRow;
import dev.larder.storage.online.WriteSummary;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The guards of {@link ResilientOnlineStore} against a store whose answers the test controls: the
 * faults (no answer, failures) are hard to cause on cue in a real Redis, which the fault ITs use.
 */
class ResilientOnlineStoreTest {

  private final ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor();
  private final ControlledStore store = new ControlledStore();

  @AfterEach
  void stop() {
    timeouts.shutdownNow();
  }

  @Test
  void aReadNotAnsweredInTimeFailsAsUnavailableAtTheDeadline() {
    ResilientOnlineStore guarded = guarded(10, 100, Duration.ofMillis(30));

    long start = System.nanoTime();
    Throwable failure = catchThrowable(() -> guarded.read(List.of()).join());
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(failure)
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(OnlineStoreUnavailableException.class)
        .hasMessage("online store did not answer within 30 ms");
    assertThat(millis).isBetween(25L, 1_000L);
  }

  @Test
  void aReadGivesUpItsReserveBeforeTheDeadlineSoTheFallbackLeavesByIt() {
    ResilientOnlineStore guarded = guarded(10, 100, Duration.ofMillis(400), Duration.ofMillis(150));

    long start = System.nanoTime();
    Throwable failure = catchThrowable(() -> guarded.read(List.of()).join());
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(failure).cause().hasMessage("online store did not answer within 400 ms");
    assertThat(millis).isBetween(245L, 399L);
  }

  @Test
  void aReserveOfMoreThanHalfTheDeadlineIsRefused() {
    assertThatThrownBy(() -> guarded(10, 100, Duration.ofMillis(50), Duration.ofMillis(26)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the answer reserve must be between 0 and half the deadline (25000 µs), was PT0.026S");
  }

  @Test
  void theDeadlineCountsFromWhenTheRequestArrived() {
    ResilientOnlineStore guarded = guarded(10, 100, Duration.ofMillis(300));

    long start = System.nanoTime();
    long arrived = start - Duration.ofMillis(250).toNanos();
    Throwable failure = catchThrowable(() -> guarded.read(List.of(), arrived).join());
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(failure)
        .cause()
        .isInstanceOf(OnlineStoreUnavailableException.class)
        .hasMessage("online store did not answer within 300 ms");
    assertThat(millis).as("the 50 ms the request had left").isBetween(40L, 250L);
  }

  @Test
  void aRequestThatUsedItsWholeDeadlineStillGivesTheStoreHalfOfIt() {
    ResilientOnlineStore guarded = guarded(10, 100, Duration.ofMillis(500));

    long start = System.nanoTime();
    CompletableFuture<List<StoredRow>> read =
        guarded.read(List.of(), start - Duration.ofSeconds(1).toNanos());
    Throwable failure = catchThrowable(read::join);
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(store.reads()).isEqualTo(1);
    assertThat(failure)
        .cause()
        .isInstanceOf(OnlineStoreUnavailableException.class)
        .hasMessage("online store did not answer within 500 ms");
    assertThat(millis).as("half of 500 ms").isBetween(240L, 450L);
  }

  @Test
  void readsBeyondTheBulkheadFailAtOnceUntilTheStoreAnswers() {
    ResilientOnlineStore guarded = guarded(2, 100, Duration.ofSeconds(5));
    CompletableFuture<List<StoredRow>> first = guarded.read(List.of());
    guarded.read(List.of());

    CompletableFuture<List<StoredRow>> third = guarded.read(List.of());

    assertThat(third).isCompletedExceptionally();
    assertThat(catchThrowable(third::join))
        .cause()
        .isInstanceOf(OnlineStoreUnavailableException.class)
        .hasMessage("online store bulkhead 'online-store' is full: 2 reads in flight");
    assertThat(store.reads()).isEqualTo(2);
    store.answer(0, List.of());
    assertThat(first.join()).isEmpty();
    guarded.read(List.of());
    assertThat(store.reads()).isEqualTo(3);
  }

  @Test
  void theCircuitOpensAfterFailuresAndThenSparesTheStore() {
    ResilientOnlineStore guarded = guarded(10, 4, Duration.ofSeconds(5));
    for (int i = 0; i < 4; i++) {
      CompletableFuture<List<StoredRow>> read = guarded.read(List.of());
      store.fail(i, new OnlineStoreUnavailableException("connection refused", null));
      assertThat(catchThrowable(read::join)).cause().hasMessage("connection refused");
    }

    CompletableFuture<List<StoredRow>> refused = guarded.read(List.of());

    assertThat(catchThrowable(refused::join))
        .cause()
        .isInstanceOf(OnlineStoreUnavailableException.class)
        .hasMessage("online store circuit breaker 'online-store' is open");
    assertThat(store.reads()).isEqualTo(4);
  }

  @Test
  void badInputPassesUnchangedAndKeepsTheCircuitClosed() {
    ResilientOnlineStore guarded = guarded(10, 4, Duration.ofSeconds(5));
    for (int i = 0; i < 6; i++) {
      CompletableFuture<List<StoredRow>> read = guarded.read(List.of());
      store.fail(i, new InvalidEntityKeyException("entities: user_id must be a STRING"));
      assertThat(catchThrowable(read::join)).cause().isInstanceOf(InvalidEntityKeyException.class);
    }

    guarded.read(List.of());
    assertThat(store.reads()).isEqualTo(7);
  }

  @Test
  void aStalledTwinFailsAsAStalledStoreWithoutTouchingTheStoreOrItsCircuit() {
    ResilientOnlineStore guarded = guarded(10, 4, Duration.ofSeconds(5));
    ServingStore twin = guarded.stalledTwin(Duration.ofMillis(5));

    List<String> failures = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      failures.add(catchThrowable(() -> twin.read(List.of()).join()).getCause().getMessage());
    }
    CompletableFuture<List<StoredRow>> real = guarded.read(List.of());

    assertThat(failures)
        .containsExactly(
            "online store did not answer within 5 ms",
            "online store did not answer within 5 ms",
            "online store did not answer within 5 ms",
            "online store did not answer within 5 ms",
            "online store circuit breaker 'stalled-twin-of-online-store' is open");
    assertThat(store.reads()).as("the twin's reads never reach the store").isEqualTo(1);
    store.answer(0, List.of());
    assertThat(real.join()).isEmpty();
  }

  private ResilientOnlineStore guarded(int maxInFlight, int window, Duration timeout) {
    return guarded(maxInFlight, window, timeout, Duration.ZERO);
  }

  private ResilientOnlineStore guarded(
      int maxInFlight, int window, Duration timeout, Duration reserve) {
    return new ResilientOnlineStore(
        store,
        CircuitBreaker.of(
            "online-store",
            CircuitBreakerConfig.custom()
                .slidingWindowSize(window)
                .minimumNumberOfCalls(window)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofMinutes(1))
                .recordExceptions(OnlineStoreUnavailableException.class, TimeoutException.class)
                .build()),
        TimeLimiter.of(
            "online-store",
            TimeLimiterConfig.custom().timeoutDuration(timeout).cancelRunningFuture(false).build()),
        Bulkhead.of(
            "online-store",
            BulkheadConfig.custom()
                .maxConcurrentCalls(maxInFlight)
                .maxWaitDuration(Duration.ZERO)
                .build()),
        reserve,
        timeouts);
  }

  /** A store whose reads complete when the test says so. */
  private static final class ControlledStore implements OnlineStore {
    private final List<CompletableFuture<List<StoredRow>>> reads = new ArrayList<>();

    @Override
    public synchronized CompletableFuture<List<StoredRow>> read(List<RowKey> keys) {
      CompletableFuture<List<StoredRow>> read = new CompletableFuture<>();
      reads.add(read);
      return read;
    }

    synchronized int reads() {
      return reads.size();
    }

    synchronized void answer(int read, List<StoredRow> rows) {
      reads.get(read).complete(rows);
    }

    synchronized void fail(int read, Throwable error) {
      reads.get(read).completeExceptionally(error);
    }

    @Override
    public RowEncoder encoder(FeatureView view) {
      throw new UnsupportedOperationException("reads only");
    }

    @Override
    public CompletableFuture<WriteSummary> writeEncoded(FeatureView view, List<EncodedRow> rows) {
      throw new UnsupportedOperationException("reads only");
    }

    @Override
    public void close() {}
  }
}
