package dev.larder.server.resilience;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load shedding: at most {@code maxInFlight} reads are served at once; a read beyond that is
 * refused at once ({@link #refusal()}) instead of queueing behind the others past its deadline. The
 * transports ask for a place as soon as a request arrives, before reading its body, so that a
 * refusal costs next to nothing. Thread-safe and lock-free.
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
   * Takes a place for a call if fewer than the limit are in flight. A call admitted must {@link
   * #release()} its place exactly once when it ends, however it ends.
   *
   * @return whether the call is admitted; when false, nothing is held
   */
  public boolean tryAdmit() {
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Gives back the place of an admitted call that ended. */
  public void release() {
    inFlight.decrementAndGet();
  }

  /** Why a call was not admitted, as clients see it (RESOURCE_EXHAUSTED, HTTP 429). */
  public ServerOverloadedException refusal() {
    return new ServerOverloadedException(
        "server overloaded: " + maxInFlight + " requests in flight; retry with backoff");
  }

  /** Calls running now. */
  public int inFlight() {
    return inFlight.get();
  }

  public int maxInFlight() {
    return maxInFlight;
  }
}
