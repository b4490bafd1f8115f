package dev.larder.server.resilience;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Load shedding: a read beyond the current limit of reads in flight is refused at once ({@link
 * #refusal()}) instead of queueing behind the others past its deadline. The transports ask for a
 * place as soon as a request arrives, before reading its body, so that a refusal costs next to
 * nothing.
 *
 * <p>The limit adapts to how long admitted reads take (additive increase, multiplicative decrease):
 * a read that took longer than the latency target from admission to answer means reads queue inside
 * the server (for the event loops, the CPU, Redis' connection), so the limit shrinks by a tenth, at
 * most once per target's length; every {@code limit} reads answered within the target grow it by
 * one, up to {@code maxInFlight}. Admitted reads thus stay near the target however much more is
 * offered, and the rest are shed. Thread-safe and lock-free.
 */
public final class AdmissionLimit {

  /** Calls in flight allowed by default. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 256;

  /** The limit never shrinks below this (or {@code maxInFlight} when that is smaller). */
  static final int MIN_LIMIT = 4;

  private final int maxInFlight;
  private final int minLimit;
  private final long targetNanos;
  private final LongSupplier nanoTime;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger limit;
  private final AtomicInteger answeredInTime = new AtomicInteger();
  private final AtomicLong lastDecrease;

  /**
   * @param latencyTarget how long an admitted read may take, from admission to answer, before the
   *     limit shrinks
   * @param nanoTime the clock of latencies, {@link System#nanoTime()} outside tests
   * @throws IllegalArgumentException when {@code maxInFlight} is below 1 or the target is not
   *     positive
   */
  public AdmissionLimit(int maxInFlight, Duration latencyTarget, LongSupplier nanoTime) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("max in-flight must be >= 1, was " + maxInFlight);
    }
    if (latencyTarget.isNegative() || latencyTarget.isZero()) {
      throw new IllegalArgumentException(
          "the admission latency target must be positive, was " + latencyTarget);
    }
    this.maxInFlight = maxInFlight;
    this.minLimit = Math.min(MIN_LIMIT, maxInFlight);
    this.targetNanos = latencyTarget.toNanos();
    this.nanoTime = nanoTime;
    this.limit = new AtomicInteger(maxInFlight);
    this.lastDecrease = new AtomicLong(nanoTime.getAsLong() - targetNanos);
  }

  public AdmissionLimit(int maxInFlight, Duration latencyTarget) {
    this(maxInFlight, latencyTarget, System::nanoTime);
  }

  /**
   * Takes a place for a call if fewer than the limit are in flight. A call admitted must {@link
   * Permit#release()} its place when it ends, however it ends.
   *
   * @return the call's place, or null when it is not admitted (nothing is held then)
   */
  public Permit tryAdmit() {
    if (inFlight.incrementAndGet() > limit.get()) {
      inFlight.decrementAndGet();
      return null;
    }
    return new Permit(nanoTime.getAsLong());
  }

  private void release(long admittedNanos) {
    inFlight.decrementAndGet();
    long now = nanoTime.getAsLong();
    if (now - admittedNanos > targetNanos) {
      long last = lastDecrease.get();
      if (now - last >= targetNanos && lastDecrease.compareAndSet(last, now)) {
        limit.updateAndGet(l -> Math.max(minLimit, l - Math.max(1, l / 10)));
      }
    } else if (answeredInTime.incrementAndGet() >= limit.get()) {
      answeredInTime.set(0);
      limit.updateAndGet(l -> Math.min(maxInFlight, l + 1));
    }
  }

  /** Why a call was not admitted, as clients see it (RESOURCE_EXHAUSTED, HTTP 429). */
  public ServerOverloadedException refusal() {
    return new ServerOverloadedException(
        "server overloaded: "
            + limit.get()
            + " requests in flight (at most "
            + maxInFlight
            + "); retry with backoff");
  }

  /** Calls running now. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Calls allowed in flight now: between a few and {@link #maxInFlight()}. */
  public int limit() {
    return limit.get();
  }

  public int maxInFlight() {
    return maxInFlight;
  }

  /** An admitted call's place, given back once however many times its end is reported. */
  public final class Permit {
    private final long admittedNanos;
    private final AtomicBoolean held = new AtomicBoolean(true);

    private Permit(long admittedNanos) {
      this.admittedNanos = admittedNanos;
    }

    /** Gives the place back and reports how long the call took; later calls do nothing. */
    public void release() {
      if (held.compareAndSet(true, false)) {
        AdmissionLimit.this.release(admittedNanos);
      }
    }
  }
}
