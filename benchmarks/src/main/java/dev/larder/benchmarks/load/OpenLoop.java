package dev.larder.benchmarks.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Drives a {@link LookupTarget} in an open loop: requests go out at a fixed rate whatever the
 * answers (in bursts every millisecond), as a fleet of model servers would send them, so a slow or
 * failing target sees the same load as a healthy one. Every call is recorded with its start,
 * latency, outcome and a summary of its answer; failures are recorded, never retried, and do not
 * stop the load. Times are {@link System#nanoTime()}.
 *
 * <p>Start with {@link #start}, {@link #stop} to stop sending and collect the calls. Thread-safe.
 *
 * @param <A> the target's answer type
 * @param <S> what is kept of an answer
 */
public final class OpenLoop<A, S> implements AutoCloseable {

  /**
   * One call.
   *
   * @param error the failure's class and message, or null when the call succeeded
   * @param summary what was kept of the answer, or null when the call failed
   */
  public record Call<S>(long startNanos, long latencyNanos, String error, S summary) {
    public boolean ok() {
      return error == null;
    }

    /** When the answer (or failure) arrived. */
    public long endNanos() {
      return startNanos + latencyNanos;
    }
  }

  private final LookupTarget<A> target;
  private final int batchSize;
  private final int entities;
  private final Function<A, S> summarise;
  private final Function<Throwable, String> describe;
  private final SplittableRandom random;
  private final ScheduledExecutorService sender =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "open-loop");
            t.setDaemon(true);
            return t;
          });
  private final Queue<Call<S>> calls = new ConcurrentLinkedQueue<>();

  /** Calls not answered yet: their start, by sequence number. */
  private final ConcurrentHashMap<Long, Long> pending = new ConcurrentHashMap<>();

  private final AtomicLong sequence = new AtomicLong();
  private ScheduledFuture<?> schedule;

  /**
   * @param entities entity ids are drawn uniformly from {@code 0..entities-1}
   * @param summarise what to keep of an answer; runs on the target's I/O thread after the latency
   *     is taken
   * @param describe how a failure is recorded, e.g. its gRPC code
   */
  public OpenLoop(
      LookupTarget<A> target,
      int batchSize,
      int entities,
      long seed,
      Function<A, S> summarise,
      Function<Throwable, String> describe) {
    this.target = target;
    this.batchSize = batchSize;
    this.entities = entities;
    this.summarise = summarise;
    this.describe = describe;
    this.random = new SplittableRandom(seed);
  }

  /** Sends {@code perSecond} requests a second until stopped. */
  public synchronized void start(int perSecond) {
    if (perSecond < 1) {
      throw new IllegalArgumentException("the rate must be >= 1 request/s, was " + perSecond);
    }
    long startNanos = System.nanoTime();
    long[] sent = {0};
    schedule =
        sender.scheduleAtFixedRate(
            () -> {
              long due = (System.nanoTime() - startNanos) * perSecond / 1_000_000_000L + 1;
              for (; sent[0] < due; sent[0]++) {
                send();
              }
            },
            0,
            1,
            TimeUnit.MILLISECONDS);
  }

  private void send() {
    long[] ids = new long[batchSize];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = random.nextLong(entities);
    }
    long n = sequence.getAndIncrement();
    long start = System.nanoTime();
    pending.put(n, start);
    CompletableFuture<A> answer;
    try {
      answer = target.lookup(ids);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    answer.whenComplete(
        (a, error) -> {
          long latency = System.nanoTime() - start;
          if (pending.remove(n) == null) {
            return; // already recorded as unanswered
          }
          calls.add(
              error == null
                  ? new Call<>(start, latency, null, summarise.apply(a))
                  : new Call<>(start, latency, describe.apply(unwrap(error)), null));
        });
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  /**
   * Stops sending, waits up to {@code drainMillis} for the answers still due, and returns every
   * call in start order.
   *
   * @throws LookupFailedException when answers are still missing after that
   */
  public List<Call<S>> stop(long drainMillis) {
    drain(drainMillis);
    if (!pending.isEmpty()) {
      throw new LookupFailedException(
          target.name()
              + ": "
              + pending.size()
              + " answers missing "
              + drainMillis
              + " ms after the load stopped",
          null);
    }
    return calls();
  }

  /**
   * Stops sending, waits up to {@code drainMillis} for the answers still due, and returns every
   * call in start order; a call still unanswered then is recorded as failed with {@code
   * unanswered}, with the time it waited so far. For a load generator that may fall behind its rate
   * (an overload on the machine it runs on), so that its backlog is counted, not fatal.
   */
  public List<Call<S>> stopRecordingUnanswered(long drainMillis, String unanswered) {
    drain(drainMillis);
    long now = System.nanoTime();
    for (Long n : List.copyOf(pending.keySet())) {
      Long start = pending.remove(n);
      if (start != null) {
        calls.add(new Call<>(start, now - start, unanswered, null));
      }
    }
    return calls();
  }

  private void drain(long drainMillis) {
    synchronized (this) {
      if (schedule != null) {
        schedule.cancel(false);
      }
    }
    long deadline = System.nanoTime() + drainMillis * 1_000_000L;
    while (!pending.isEmpty() && System.nanoTime() - deadline < 0) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LookupFailedException(target.name() + ": interrupted while draining", e);
      }
    }
  }

  private List<Call<S>> calls() {
    List<Call<S>> all = new ArrayList<>(calls);
    all.sort(Comparator.comparingLong(Call::startNanos));
    return all;
  }

  @Override
  public void close() {
    sender.shutdownNow();
  }
}
