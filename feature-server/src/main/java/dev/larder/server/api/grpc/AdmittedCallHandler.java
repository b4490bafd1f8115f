package dev.larder.server.api.grpc;

import dev.larder.server.api.StatusMapper;
import dev.larder.server.metrics.ServingMetrics;
import dev.larder.server.resilience.AdmissionLimit;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;

/**
 * Sheds load before any work is done on a call: the call asks the {@link AdmissionLimit} for a
 * place as soon as its headers arrive, before its message is read, and is refused at once with
 * {@code RESOURCE_EXHAUSTED} when there is none. An admitted call keeps its place until it is
 * closed or cancelled. The time the call arrived is in its context ({@link #receivedNanos()}), so
 * that the store's deadline counts the call's whole time in the server. Thread-safe.
 */
final class AdmittedCallHandler<Q, A> implements ServerCallHandler<Q, A> {

  private static final Context.Key<Long> RECEIVED_NANOS = Context.key("larder-received-nanos");

  private final ServerCallHandler<Q, A> next;
  private final AdmissionLimit admission;
  private final ServingMetrics metrics;
  private final String method;

  /**
   * @param method the operation's metrics name, e.g. "get_online_features"
   */
  AdmittedCallHandler(
      ServerCallHandler<Q, A> next,
      AdmissionLimit admission,
      ServingMetrics metrics,
      String method) {
    this.next = next;
    this.admission = admission;
    this.metrics = metrics;
    this.method = method;
  }

  /**
   * When the current call reached the server, in {@link System#nanoTime()} units; now when the call
   * did not pass through an admitted handler.
   */
  static long receivedNanos() {
    Long received = RECEIVED_NANOS.get();
    return received == null ? System.nanoTime() : received;
  }

  @Override
  public ServerCall.Listener<Q> startCall(ServerCall<Q, A> call, Metadata headers) {
    long received = System.nanoTime();
    AdmissionLimit.Permit place = admission.tryAdmit();
    if (place == null) {
      call.close(StatusMapper.toGrpc(admission.refusal()), new Metadata());
      metrics.recordRequest(
          "grpc",
          method,
          StatusMapper.Outcome.RESOURCE_EXHAUSTED.label(),
          System.nanoTime() - received);
      return new ServerCall.Listener<>() {};
    }
    ServerCall.Listener<Q> listener;
    try {
      listener =
          Contexts.interceptCall(
              Context.current().withValue(RECEIVED_NANOS, received),
              new SimpleForwardingServerCall<>(call) {
                @Override
                public void close(Status status, Metadata trailers) {
                  try {
                    super.close(status, trailers);
                  } finally {
                    place.release();
                  }
                }
              },
              headers,
              next);
    } catch (RuntimeException e) {
      place.release();
      throw e;
    }
    return new SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onCancel() {
        try {
          super.onCancel();
        } finally {
          place.release();
        }
      }
    };
  }
}
