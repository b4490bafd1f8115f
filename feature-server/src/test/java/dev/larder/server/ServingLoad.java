package dev.larder.server;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import dev.larder.proto.serving.v1.FeatureServingGrpc;
import dev.larder.proto.serving.v1.FieldStatus;
import dev.larder.proto.serving.v1.GetOnlineFeaturesRequest;
import dev.larder.proto.serving.v1.GetOnlineFeaturesResponse;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.awaitility.Awaitility;

/**
 * Open-loop gRPC load for fault tests: sends requests at a fixed rate, whatever the answers, each
 * with a client deadline, and records every call's start, latency, gRPC code and the statuses of
 * its feature values. Times are {@link System#nanoTime()}.
 */
public final class ServingLoad implements AutoCloseable {

  /** One call: when it started, how long it took, how it ended, the statuses it got. */
  public record Call(
      long startNanos, long latencyNanos, Status.Code code, List<FieldStatus> statuses) {
    public boolean ok() {
      return code == Status.Code.OK;
    }
  }

  private final FeatureServingGrpc.FeatureServingFutureStub stub;
  private final IntFunction<GetOnlineFeaturesRequest> requests;
  private final Duration deadline;
  private final ScheduledExecutorService sender =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "serving-load");
            t.setDaemon(true);
            return t;
          });
  private final Queue<Call> calls = new ConcurrentLinkedQueue<>();
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger pending = new AtomicInteger();
  private volatile long lastSentNanos = Long.MIN_VALUE;
  private ScheduledFuture<?> schedule;

  /**
   * @param requests the request to send as the n-th call
   * @param deadline each call's client deadline
   */
  public ServingLoad(
      ServingTestSupport api, IntFunction<GetOnlineFeaturesRequest> requests, Duration deadline) {
    this.stub = api.futures();
    this.requests = requests;
    this.deadline = deadline;
  }

  /** Sends {@code perSecond} requests a second, in bursts every millisecond, until stopped. */
  public void start(int perSecond) {
    double perMilli = perSecond / 1000.0;
    double[] owed = {0};
    schedule =
        sender.scheduleAtFixedRate(
            () -> {
              owed[0] += perMilli;
              while (owed[0] >= 1) {
                owed[0]--;
                send();
              }
            },
            0,
            1,
            TimeUnit.MILLISECONDS);
  }

  private void send() {
    int n = sent.getAndIncrement();
    pending.incrementAndGet();
    GetOnlineFeaturesRequest request = requests.apply(n);
    int joinKeys = request.getEntitiesCount();
    long start = System.nanoTime();
    lastSentNanos = start;
    Futures.addCallback(
        stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS).getOnlineFeatures(request),
        new FutureCallback<GetOnlineFeaturesResponse>() {
          @Override
          public void onSuccess(GetOnlineFeaturesResponse answer) {
            record(start, Status.Code.OK, featureStatuses(answer, joinKeys));
          }

          @Override
          public void onFailure(Throwable t) {
            record(start, Status.fromThrowable(t).getCode(), List.of());
          }
        },
        MoreExecutors.directExecutor());
  }

  /** The statuses of every feature value of the answer: all columns after the join keys. */
  private static List<FieldStatus> featureStatuses(GetOnlineFeaturesResponse answer, int joinKeys) {
    List<FieldStatus> statuses = new ArrayList<>();
    for (int c = joinKeys; c < answer.getResultsCount(); c++) {
      statuses.addAll(answer.getResults(c).getStatusesList());
    }
    return statuses;
  }

  private void record(long start, Status.Code code, List<FieldStatus> statuses) {
    calls.add(new Call(start, System.nanoTime() - start, code, statuses));
    pending.decrementAndGet();
  }

  /**
   * Waits until the last {@code n} answers all succeeded within {@code within}: until a server just
   * started (classes loading, code not compiled yet) keeps up with the load.
   *
   * @throws org.awaitility.core.ConditionTimeoutException if that takes longer than {@code atMost}
   */
  public void awaitSteady(int n, Duration within, Duration atMost) {
    int[] seen = {0};
    Awaitility.await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              List<Call> all = new ArrayList<>(calls);
              if (all.size() - seen[0] < n) {
                return false;
              }
              seen[0] = all.size() - n;
              return all.subList(all.size() - n, all.size()).stream()
                  .allMatch(c -> c.ok() && c.latencyNanos() < within.toNanos());
            });
  }

  /**
   * Lets the load run through a window of {@code length} from now, measured on {@link
   * System#nanoTime()}: returns once the generator has sent a call at or after the window's end, so
   * that the calls of the whole window were sent whatever the machine's stalls.
   *
   * @return the window's end ({@link System#nanoTime()})
   * @throws org.awaitility.core.ConditionTimeoutException if the generator has not got there 10 s
   *     after the window's end
   */
  public long runFor(Duration length) {
    long end = System.nanoTime() + length.toNanos();
    Awaitility.await()
        .atMost(length.plusSeconds(10))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> lastSentNanos >= end);
    return end;
  }

  /** Stops sending, waits for the answers still due, and returns every call in start order. */
  public List<Call> stop() {
    schedule.cancel(false);
    Awaitility.await()
        .atMost(deadline.plusSeconds(5))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> pending.get() == 0);
    List<Call> all = new ArrayList<>(calls);
    all.sort(Comparator.comparingLong(Call::startNanos));
    return all;
  }

  /** The given percentile (0-100) of the calls' latencies, in milliseconds; 0 for none. */
  public static double percentileMillis(List<Call> calls, double percentile) {
    if (calls.isEmpty()) {
      return 0;
    }
    long[] latencies = calls.stream().mapToLong(Call::latencyNanos).sorted().toArray();
    int index = (int) Math.ceil(percentile / 100 * latencies.length) - 1;
    return latencies[Math.max(0, Math.min(latencies.length - 1, index))] / 1e6;
  }

  /**
   * The calls per half second from the first: for each, the number of calls, of failed calls and
   * the slowest latency in ms, e.g. {@code [0.0s 100/0/3.1]}.
   */
  public static String timeline(List<Call> calls) {
    if (calls.isEmpty()) {
      return "";
    }
    long first = calls.get(0).startNanos();
    StringBuilder out = new StringBuilder();
    int bucket = -1;
    int n = 0;
    int failed = 0;
    long max = 0;
    for (Call c : calls) {
      int b = (int) ((c.startNanos() - first) / 500_000_000L);
      if (b != bucket && n > 0) {
        out.append(String.format("[%.1fs %d/%d/%.1f] ", bucket / 2.0, n, failed, max / 1e6));
        n = 0;
        failed = 0;
        max = 0;
      }
      bucket = b;
      n++;
      failed += c.ok() ? 0 : 1;
      max = Math.max(max, c.latencyNanos());
    }
    out.append(String.format("[%.1fs %d/%d/%.1f]", bucket / 2.0, n, failed, max / 1e6));
    return out.toString();
  }

  @Override
  public void close() {
    sender.shutdownNow();
  }
}
