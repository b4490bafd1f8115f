package dev.larder.storage.online.redis;

import dev.larder.storage.online.OnlineStoreUnavailableException;
import io.lettuce.core.RedisCommandTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns what Lettuce reports (timeouts, lost connections, error replies) into Larder's errors. */
final class RedisFailures {

  private RedisFailures() {}

  /**
   * The exception a caller sees when Redis could not do {@code what}; the Lettuce exception is the
   * cause. An {@link OnlineStoreUnavailableException} passes through unchanged.
   */
  static OnlineStoreUnavailableException unavailable(String what, Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof OnlineStoreUnavailableException e) {
      return e;
    }
    String reason =
        cause instanceof RedisCommandTimeoutException
            ? "timed out (" + cause.getMessage() + ")"
            : "failed: " + cause;
    return new OnlineStoreUnavailableException("Redis " + what + " " + reason, cause);
  }

  /** The exception inside the wrappers that futures add. */
  static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
