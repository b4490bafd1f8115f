package dev.larder.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Drives a {@link LookupTarget} in a closed loop for a fixed time: {@code concurrency} slots each
 * keep exactly one request in flight, issuing the next one from the previous one's completion (on
 * the target's I/O thread, so no thread hand-off adds to the latency). A request's latency runs
 * from just before {@link LookupTarget#lookup} to the completion of its future.
 *
 * <p>Every {@code verifyEvery}-th request (and the first), unless it is 0, is checked by {@link
 * LookupTarget#verify} on the {@code verifier} executor, off the measured path. The first failed
 * lookup or verification stops the phase and fails it; requests are never retried or skipped.
 *
 * <p>One instance runs one phase; {@link #run} blocks the calling thread until the phase ends.
 *
 * @param <A> the target's answer type
 */
public final class ClosedLoop<A> {

  /**
   * One phase.
   *
   * @param batchSize entities per request
   * @param concurrency requests in flight
   * @param entities entity ids are drawn uniformly from {@code 0..entities-1}
   * @param duration how long new requests are issued; those in flight at the end still count
   * @param seed seeds slot {@code i}'s ids with {@code seed + i}: equal seeds give equal ids
   * @param verifyEvery check every n-th answer; 0 checks none
   * @param drainTimeout how long the last requests and checks may take after {@code duration}
   */
  public record Spec(
      int batchSize,
      int concurrency,
      int entities,
      Duration duration,
      long seed,
      int verifyEvery,
      Duration drainTimeout) {}

  private final LookupTarget<A> target;
  private final Spec spec;
  private final Executor verifier;
  private final AtomicLong issued = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final List<CompletableFuture<Long>> checks = new ArrayList<>();
  private final CountDownLatch slotsDone;
  private long endNanos;

  private ClosedLoop(LookupTarget<A> target, Spec spec, Executor verifier) {
    this.target = target;
    this.spec = spec;
    this.verifier = verifier;
    this.slotsDone = new CountDownLatch(spec.concurrency());
  }

  /**
   * Runs one phase and returns what it measured.
   *
   * @throws LookupFailedException when a lookup fails, or the phase does not end in time
   * @throws VerificationException when a checked answer is wrong
   */
  public static <A> PhaseResult run(LookupTarget<A> target, Spec spec, Executor verifier) {
    return new ClosedLoop<>(target, spec, verifier).run();
  }

  private PhaseResult run() {
    List<Slot> slots = new ArrayList<>(spec.concurrency());
    for (int i = 0; i < spec.concurrency(); i++) {
      slots.add(new Slot(new SplittableRandom(spec.seed() + i)));
    }
    long start = System.nanoTime();
    endNanos = start + spec.duration().toNanos();
    slots.forEach(this::drive);
    awaitSlots();
    long elapsed = System.nanoTime() - start;
    long verifiedValues = awaitChecks();
    Throwable error = failure.get();
    if (error instanceof VerificationException e) {
      throw e;
    }
    if (error != null) {
      throw new LookupFailedException(
          target.name() + ": a lookup of " + spec.batchSize() + " entities failed: " + error,
          error);
    }
    Histogram merged = PhaseResult.newHistogram();
    slots.forEach(s -> merged.add(s.latencies));
    return new PhaseResult(merged, elapsed, checks.size(), verifiedValues, -1, -1, -1);
  }

  /** Issues requests for a slot until the phase ends; loops while answers come synchronously. */
  private void drive(Slot slot) {
    while (System.nanoTime() - endNanos < 0 && failure.get() == null) {
      long[] ids = slot.nextIds();
      long n = issued.getAndIncrement();
      boolean verify = spec.verifyEvery() > 0 && n % spec.verifyEvery() == 0;
      long start = System.nanoTime();
      CompletableFuture<A> answer;
      try {
        answer = target.lookup(ids);
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
        break;
      }
      if (!answer.isDone()) {
        answer.whenComplete(
            (a, error) -> {
              if (complete(slot, ids, verify, start, a, error)) {
                drive(slot);
              } else {
                slotsDone.countDown();
              }
            });
        return;
      }
      A a = null;
      Throwable error = null;
      try {
        a = answer.join();
      } catch (CompletionException | CancellationException e) {
        error = e;
      }
      if (!complete(slot, ids, verify, start, a, error)) {
        break;
      }
    }
    slotsDone.countDown();
  }

  /** Records an answer; returns false when the phase failed. */
  private boolean complete(
      Slot slot, long[] ids, boolean verify, long start, A answer, Throwable error) {
    long micros = (System.nanoTime() - start + 500) / 1000;
    if (error != null) {
      failure.compareAndSet(null, error instanceof CompletionException ? error.getCause() : error);
      return false;
    }
    slot.latencies.recordValue(Math.min(micros, PhaseResult.HIGHEST_TRACKABLE_MICROS));
    if (verify) {
      CompletableFuture<Long> check =
          CompletableFuture.supplyAsync(() -> target.verify(ids, answer), verifier);
      check.whenComplete(
          (values, e) -> {
            if (e != null) {
              failure.compareAndSet(null, e instanceof CompletionException ? e.getCause() : e);
            }
          });
      synchronized (checks) {
        checks.add(check);
      }
    }
    return true;
  }

  private void awaitSlots() {
    long timeout = spec.duration().plus(spec.drainTimeout()).toMillis();
    try {
      if (!slotsDone.await(timeout, TimeUnit.MILLISECONDS)) {
        throw new LookupFailedException(
            target.name()
                + ": requests still in flight "
                + spec.drainTimeout()
                + " after the phase",
            null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LookupFailedException(target.name() + ": interrupted while measuring", e);
    }
  }

  /** Waits for the answer checks; returns the values they verified. */
  private long awaitChecks() {
    List<CompletableFuture<Long>> pending;
    synchronized (checks) {
      pending = List.copyOf(checks);
    }
    try {
      CompletableFuture.allOf(pending.toArray(CompletableFuture<?>[]::new))
          .get(spec.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      failure.compareAndSet(null, e.getCause());
      return 0;
    } catch (TimeoutException e) {
      throw new LookupFailedException(target.name() + ": answer checks did not finish in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LookupFailedException(target.name() + ": interrupted while checking answers", e);
    }
    long values = 0;
    for (CompletableFuture<Long> check : pending) {
      values += check.join();
    }
    return values;
  }

  /** One in-flight request's state: its ids and latencies, touched by one completion at a time. */
  private final class Slot {
    private final SplittableRandom random;
    private final Histogram latencies = PhaseResult.newHistogram();

    Slot(SplittableRandom random) {
      this.random = random;
    }

    long[] nextIds() {
      long[] ids = new long[spec.batchSize()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = random.nextLong(spec.entities());
      }
      return ids;
    }
  }
}
