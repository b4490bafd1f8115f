package dev.larder.server.api;

import dev.larder.registry.errors.BreakingChangeException;
import dev.larder.registry.errors.InvalidArgumentException;
import dev.larder.registry.errors.InvalidDefinitionException;
import dev.larder.registry.errors.NotFoundException;
import dev.larder.registry.errors.RegistryConflictException;
import dev.larder.registry.errors.RegistryUnavailableException;
import dev.larder.server.resilience.DeadlineExpiredException;
import dev.larder.server.resilience.ServerOverloadedException;
import dev.larder.server.serving.UnsupportedPushTargetException;
import dev.larder.storage.online.OnlineStoreUnavailableException;
import io.grpc.Status;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place that maps failures to what clients see: a gRPC status, an HTTP status, and the
 * outcome label of metrics. Precise codes with the exception's message, never a blanket INTERNAL.
 */
public final class StatusMapper {

  /** What kind of failure an exception is, with its gRPC code and HTTP status. */
  public enum Outcome {
    OK(Status.Code.OK, 200),
    INVALID_ARGUMENT(Status.Code.INVALID_ARGUMENT, 400),
    NOT_FOUND(Status.Code.NOT_FOUND, 404),
    FAILED_PRECONDITION(Status.Code.FAILED_PRECONDITION, 400),
    ABORTED(Status.Code.ABORTED, 409),
    UNIMPLEMENTED(Status.Code.UNIMPLEMENTED, 501),
    RESOURCE_EXHAUSTED(Status.Code.RESOURCE_EXHAUSTED, 429),
    DEADLINE_EXCEEDED(Status.Code.DEADLINE_EXCEEDED, 504),
    UNAVAILABLE(Status.Code.UNAVAILABLE, 503),
    INTERNAL(Status.Code.INTERNAL, 500);

    private final Status.Code grpcCode;
    private final int httpStatus;
    private final String label;

    Outcome(Status.Code grpcCode, int httpStatus) {
      this.grpcCode = grpcCode;
      this.httpStatus = httpStatus;
      this.label = name().toLowerCase(Locale.ROOT);
    }

    public Status.Code grpcCode() {
      return grpcCode;
    }

    public int httpStatus() {
      return httpStatus;
    }

    /** The metrics label, e.g. {@code invalid_argument}; made once, as every request uses it. */
    public String label() {
      return label;
    }
  }

  private StatusMapper() {}

  /** Strips the wrappers futures put around a failure. */
  public static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  public static Outcome outcome(Throwable t) {
    Throwable cause = unwrap(t);
    if (cause instanceof InvalidArgumentException || cause instanceof InvalidDefinitionException) {
      return Outcome.INVALID_ARGUMENT;
    }
    if (cause instanceof BreakingChangeException) {
      return Outcome.FAILED_PRECONDITION;
    }
    if (cause instanceof RegistryConflictException) {
      return Outcome.ABORTED;
    }
    if (cause instanceof NotFoundException) {
      return Outcome.NOT_FOUND;
    }
    if (cause instanceof UnsupportedPushTargetException) {
      return Outcome.UNIMPLEMENTED;
    }
    if (cause instanceof ServerOverloadedException) {
      return Outcome.RESOURCE_EXHAUSTED;
    }
    if (cause instanceof DeadlineExpiredException) {
      return Outcome.DEADLINE_EXCEEDED;
    }
    if (cause instanceof OnlineStoreUnavailableException
        || cause instanceof RegistryUnavailableException) {
      return Outcome.UNAVAILABLE;
    }
    return Outcome.INTERNAL;
  }

  /** The message clients see: ours as written, and no internals for unexpected failures. */
  public static String message(Throwable t) {
    Throwable cause = unwrap(t);
    Outcome outcome = outcome(cause);
    if (outcome == Outcome.INTERNAL) {
      return "internal error: " + cause.getClass().getSimpleName();
    }
    return cause.getMessage();
  }

  public static Status toGrpc(Throwable t) {
    Throwable cause = unwrap(t);
    return Status.fromCode(outcome(cause).grpcCode())
        .withDescription(message(cause))
        .withCause(cause);
  }
}
