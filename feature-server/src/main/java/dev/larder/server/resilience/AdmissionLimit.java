package dev.larder.server.resilience;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Load shedding: at most {@code maxInFlight} calls run at once; a call beyond that fails at once
 * with {@link ServerOverloadedException} instead of queueing behind the others past its deadline.
 * Thread-safe and lock-free.
 */
public final class AdmissionLimit {

  /** Calls in flight allowed by default. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 256;

  private final int maxInFlight;
  private final AtomicInteger inFlight = new AtomicInteger();

  /**
   * @throws IllegalArgumentException when {@code maxInFlight} is below 1
   */
  public AdmissionLimit(int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("max in-flight must be >= 1, was " + maxInFlight);
    }
    this.maxInFlight = maxInFlight;
  }

  /**
   * Runs the call if fewer than the limit are in flight, and counts it in flight until its future
   * completes.
   *
   * @return the call's future, or one failed with {@link ServerOverloadedException} when refused
   */
  public <T> CompletableFuture<T> admit(Supplier<CompletableFuture<T>> call) {
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      return CompletableFuture.failedFuture(
          new ServerOverloadedException(
              "server overloaded: " + maxInFlight + " requests in flight; retry with backoff"));
    }
    CompletableFuture<T> answer;
    try {
      answer = call.get();
    } catch (RuntimeException e) {
      inFlight.decrementAndGet();
      throw e;
    }
    return answer.whenComplete((r, e) -> inFlight.decrementAndGet());
  }

  /** Calls running now. */
  public int inFlight() {
    return inFlight.get();
  }

  public int maxInFlight() {
    return maxInFlight;
  }
}
