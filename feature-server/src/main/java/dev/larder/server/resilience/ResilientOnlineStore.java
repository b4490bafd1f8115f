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
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * An {@link OnlineStore} whose reads never wait past a deadline: each read goes through a circuit
 * breaker (fails at once while the store keeps failing or is slow), a time limiter (fails when the
 * store has not answered within the deadline) and a bulkhead (fails at once when too many reads are
 * already waiting on the store). Every such failure, like the store's own, completes the future
 * with {@link OnlineStoreUnavailableException}, so callers fall back the same way whatever went
 * wrong.
 *
 * <p>The bulkhead counts reads the store has not answered yet, even those the time limiter has
 * given up on, so a stalled store cannot collect an unbounded backlog. Writes (pushes, cold-start
 * write-backs) go to the store unguarded: they have their own command timeout and no fallback.
 * Thread-safe; it never blocks. Closing it closes the store.
 */
public final class ResilientOnlineStore extends ForwardingOnlineStore {

  private final CircuitBreaker circuitBreaker;
  private final TimeLimiter timeLimiter;
  private final Bulkhead bulkhead;
  private final ScheduledExecutorService timeouts;

  /**
   * @param timeouts where the time limiter's deadlines fire; the fallback answer of a read that
   *     timed out is computed there, so give it a thread or two of its own
   */
  public ResilientOnlineStore(
      OnlineStore store,
      CircuitBreaker circuitBreaker,
      TimeLimiter timeLimiter,
      Bulkhead bulkhead,
      ScheduledExecutorService timeouts) {
    super(store);
    this.circuitBreaker = Objects.requireNonNull(circuitBreaker, "circuitBreaker");
    this.timeLimiter = Objects.requireNonNull(timeLimiter, "timeLimiter");
    this.bulkhead = Objects.requireNonNull(bulkhead, "bulkhead");
    this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
  }

  /**
   * Reads through the circuit breaker, time limiter and bulkhead, in that order from the outside.
   * Fails with {@link OnlineStoreUnavailableException} naming the guard that refused the read.
   */
  @Override
  public CompletableFuture<List<StoredRow>> read(List<RowKey> keys) {
    Supplier<CompletionStage<List<StoredRow>>> call = () -> store.read(keys);
    call = Bulkhead.decorateCompletionStage(bulkhead, call);
    call = timeLimiter.decorateCompletionStage(timeouts, call);
    call = CircuitBreaker.decorateCompletionStage(circuitBreaker, call);
    CompletableFuture<List<StoredRow>> answer = new CompletableFuture<>();
    call.get()
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
          "online store did not answer within "
              + timeLimiter.getTimeLimiterConfig().getTimeoutDuration().toMillis()
              + " ms",
          cause);
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
