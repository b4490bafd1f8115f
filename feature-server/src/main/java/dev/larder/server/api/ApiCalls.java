package dev.larder.server.api;

import dev.larder.server.metrics.ServingMetrics;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** How both APIs run a call, so that they fail and are measured alike. */
public final class ApiCalls {

  private ApiCalls() {}

  /**
   * Runs a call: a failure thrown before it goes asynchronous (validation, unknown names) becomes a
   * failed future like any other, and the call's latency, from its arrival, is recorded with its
   * outcome when it completes.
   *
   * @param api "grpc" or "rest"
   * @param method the operation, e.g. "get_online_features"
   * @param receivedNanos when the request reached the server, in {@link System#nanoTime()} units
   */
  public static <T> CompletableFuture<T> timed(
      ServingMetrics metrics,
      String api,
      String method,
      long receivedNanos,
      Supplier<CompletableFuture<T>> call) {
    CompletableFuture<T> answer;
    try {
      answer = call.get();
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    return answer.whenComplete(
        (r, error) ->
            metrics.recordRequest(
                api,
                method,
                error == null
                    ? StatusMapper.Outcome.OK.label()
                    : StatusMapper.outcome(error).label(),
                System.nanoTime() - receivedNanos));
  }
}
