package dev.larder.server.resilience;

import dev.larder.server.api.StatusMapper;
import dev.larder.storage.online.OnlineStore;
import dev.larder.storage.online.OnlineStoreUnavailableException;
import dev.larder.storage.online.RowKey;
import dev.larder.storage.online.StoredRow;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * An {@link OnlineStore} whose reads never wait past a deadline: each read goes through a circuit
 * breaker (fails at once while the store keeps failing or is slow), a deadline (fails when the
 * store has not answered within the time limiter's duration of the request's arrival) and a
 * bulkhead (fails at once when too many reads are already waiting on the store). Every such
 * failure, like the store's own, completes the future with {@link OnlineStoreUnavailableException},
 * so callers fall back the same way whatever went wrong.
 *
 * <p>The deadline counts from when the request reached the server ({@link ServingStore}), so time
 * the request spent before its read (queued in the transport, parsed, planned) is taken from the
 * read's share, down to half the deadline. The read gives up {@code answerReserve} before the
 * deadline, not at it: that time is kept to make the fallback answer and send it, so that the
 * answer leaves the server by the deadline rather than a few ms after it. A deadline fires on the
 * {@code timeouts} executor and completes the read there, so the caller's fallback answer is made
 * on that thread with no further hand-off. The time limiter supplies the duration and records each
 * read's outcome (success, failure, timeout) for its metrics.
 *
 * <p>The bulkhead counts reads the store has not answered yet, even those past their deadline, so a
 * stalled store cannot collect an unbounded backlog. Writes (pushes, cold-start write-backs) go to
 * the store unguarded: they have their own command timeout and no fallback. Thread-safe; it never
 * blocks. Closing it closes the store.
 */
public final class ResilientOnlineStore extends ForwardingOnlineStore<OnlineStore> {

  /** The smallest share of the deadline a read gets, as a divisor: a half. */
  private static final int MIN_SHARE = 2;

  private final CircuitBreaker circuitBreaker;
  private final TimeLimiter timeLimiter;
  private final Bulkhead bulkhead;
  private final ScheduledExecutorService timeouts;
  private final long deadlineNanos;
  private final long readNanos;

  /**
   * @param timeLimiter its timeout duration is the deadline of a read's answer, counted from the
   *     request's arrival
   * @param answerReserve how long before the deadline the read gives up, to leave time for the
   *     fallback answer; at most half the deadline
   * @param timeouts where deadlines fire; the fallback answer of a read past its deadline is made
   *     there, so give it a thread or two of its own
   * @throws IllegalArgumentException when {@code answerReserve} is negative or more than half the
   *     deadline
   */
  public ResilientOnlineStore(
      OnlineStore store,
      CircuitBreaker circuitBreaker,
      TimeLimiter timeLimiter,
      Bulkhead bulkhead,
      Duration answerReserve,
      ScheduledExecutorService timeouts) {
    super(store);
    this.circuitBreaker = Objects.requireNonNull(circuitBreaker, "circuitBreaker");
    this.timeLimiter = Objects.requireNonNull(timeLimiter, "timeLimiter");
    this.bulkhead = Objects.requireNonNull(bulkhead, "bulkhead");
    this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    this.deadlineNanos = timeLimiter.getTimeLimiterConfig().getTimeoutDuration().toNanos();
    long reserve = answerReserve.toNanos();
    if (reserve < 0 || reserve > deadlineNanos / MIN_SHARE) {
      throw new IllegalArgumentException(
          "the answer reserve must be between 0 and half the deadline ("
              + deadlineNanos / MIN_SHARE / 1_000
              + " µs), was "
              + answerReserve);
    }
    this.readNanos = deadlineNanos - reserve;
  }

  /**
   * Reads through the circuit breaker, the deadline and the bulkhead, in that order from the
   * outside. Fails with {@link OnlineStoreUnavailableException} naming the guard that refused the
   * read.
   */
  @Override
  public CompletableFuture<List<StoredRow>> read(List<RowKey> keys, long receivedNanos) {
    // What is left of the read's share, but at least half the deadline: a request the server
    // itself was slow to reach (its first after start-up, a stall) still asks the store.
    long left =
        Math.max(readNanos - (System.nanoTime() - receivedNanos), deadlineNanos / MIN_SHARE);
    Supplier<CompletionStage<List<StoredRow>>> call =
        Bulkhead.decorateCompletionStage(bulkhead, () -> store.read(keys));
    Supplier<CompletionStage<List<StoredRow>>> timed = () -> withDeadline(call.get(), left);
    CompletableFuture<List<StoredRow>> answer = new CompletableFuture<>();
    CircuitBreaker.decorateCompletionStage(circuitBreaker, timed)
        .get()
        .whenComplete(
            (rows, error) -> {
              if (error == null) {
                answer.complete(rows);
              } else {
                answer.completeExceptionally(failure(error));
              }
            });
    return answer;
  }

  /**
   * A store guarded as this one is (the same circuit breaker and bulkhead settings, the same
   * deadline executor) whose reads never reach a store: each waits out {@code deadline} and fails
   * as a read of a stalled store does, and once enough have failed its circuit breaker opens and
   * refuses them at once. Reading through it runs the code of a stall's fallback answers before a
   * real stall needs them (a cold JVM's first such answers took 10 to 20 ms more). Its guards are
   * its own, so nothing it does shows in this store's state or metrics. Closing it closes nothing.
   */
  public ServingStore stalledTwin(Duration deadline) {
    ServingStore stalled =
        new ForwardingOnlineStore<>(store) {
          @Override
          public CompletableFuture<List<StoredRow>> read(List<RowKey> keys, long receivedNanos) {
            return new CompletableFuture<>();
          }

          @Override
          public void close() {}
        };
    String name = "stalled-twin-of-" + circuitBreaker.getName();
    return new ResilientOnlineStore(
        stalled,
        CircuitBreaker.of(name, circuitBreaker.getCircuitBreakerConfig()),
        TimeLimiter.of(name, TimeLimiterConfig.custom().timeoutDuration(deadline).build()),
        Bulkhead.of(name, bulkhead.getBulkheadConfig()),
        Duration.ZERO,
        timeouts);
  }

  /**
   * The read's answer, or a {@link TimeoutException} {@code nanos} from now if it has none by then.
   */
  private CompletableFuture<List<StoredRow>> withDeadline(
      CompletionStage<List<StoredRow>> read, long nanos) {
    CompletableFuture<List<StoredRow>> answer = new CompletableFuture<>();
    ScheduledFuture<?> deadline =
        timeouts.schedule(
            () -> {
              TimeoutException timeout =
                  new TimeoutException("no answer within " + deadlineMillis() + " ms");
              if (answer.completeExceptionally(timeout)) {
                timeLimiter.onError(timeout);
              }
            },
            nanos,
            TimeUnit.NANOSECONDS);
    read.whenComplete(
        (rows, error) -> {
          deadline.cancel(false);
          if (error == null ? answer.complete(rows) : answer.completeExceptionally(error)) {
            if (error == null) {
              timeLimiter.onSuccess();
            } else {
              timeLimiter.onError(StatusMapper.unwrap(error));
            }
          }
        });
    return answer;
  }

  private long deadlineMillis() {
    return deadlineNanos / 1_000_000;
  }

  /** The guards' refusals as the store's unavailability; other failures pass unchanged. */
  private Throwable failure(Throwable error) {
    Throwable cause = StatusMapper.unwrap(error);
    if (cause instanceof OnlineStoreUnavailableException e) {
      return e;
    }
    if (cause instanceof CallNotPermittedException) {
      return new OnlineStoreUnavailableException(
          "online store circuit breaker '" + circuitBreaker.getName() + "' is open", cause);
    }
    if (cause instanceof TimeoutException) {
      return new OnlineStoreUnavailableException(
          "online store did not answer within " + deadlineMillis() + " ms", cause);
    }
    if (cause instanceof BulkheadFullException) {
      return new OnlineStoreUnavailableException(
          "online store bulkhead '"
              + bulkhead.getName()
              + "' is full: "
              + bulkhead.getBulkheadConfig().getMaxConcurrentCalls()
              + " reads in flight",
          cause);
    }
    return cause;
  }
}
