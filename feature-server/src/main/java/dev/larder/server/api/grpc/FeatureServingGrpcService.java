package dev.larder.server.api.grpc;

import dev.larder.proto.serving.v1.FeatureServingGrpc;
import dev.larder.proto.serving.v1.GetOnlineFeaturesRequest;
import dev.larder.proto.serving.v1.PushFeaturesRequest;
import dev.larder.proto.serving.v1.PushFeaturesResponse;
import dev.larder.proto.types.v1.RepeatedValue;
import dev.larder.proto.types.v1.Value;
import dev.larder.registry.model.FeatureView;
import dev.larder.server.api.ApiCalls;
import dev.larder.server.api.StatusMapper;
import dev.larder.server.metrics.ServingMetrics;
import dev.larder.server.resilience.AdmissionLimit;
import dev.larder.server.resilience.DeadlineExpiredException;
import dev.larder.server.serving.EncodedAnswer;
import dev.larder.server.serving.FeaturePlan;
import dev.larder.server.serving.OnlineFeatureService;
import dev.larder.server.serving.PushService;
import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC face of {@code larder.serving.v1.FeatureServing}. Runs on the transport thread and
 * completes each call from the online store's callback; it never blocks. {@code GetOnlineFeatures}
 * calls are admitted or shed as they arrive ({@link AdmittedCallHandler}).
 *
 * <p>{@code GetOnlineFeatures} answers are written in wire format straight into the transport's
 * buffers ({@link EncodedAnswerMarshaller}), never built as objects; requests are parsed as usual.
 * The service keeps the generated schema descriptor, so reflection lists and describes it as
 * declared.
 */
public final class FeatureServingGrpcService implements BindableService {

  /** GetOnlineFeatures with its answer already in wire format. */
  private static final MethodDescriptor<GetOnlineFeaturesRequest, EncodedAnswer>
      GET_ONLINE_FEATURES =
          FeatureServingGrpc.getGetOnlineFeaturesMethod().toBuilder(
                  ProtoUtils.marshaller(GetOnlineFeaturesRequest.getDefaultInstance()),
                  EncodedAnswerMarshaller.INSTANCE)
              .build();

  private static final Logger log = LoggerFactory.getLogger(FeatureServingGrpcService.class);

  private final OnlineFeatureService reads;
  private final PushService pushes;
  private final ServingMetrics metrics;
  private final AdmissionLimit admission;

  public FeatureServingGrpcService(
      OnlineFeatureService reads,
      PushService pushes,
      ServingMetrics metrics,
      AdmissionLimit admission) {
    this.reads = reads;
    this.pushes = pushes;
    this.metrics = metrics;
    this.admission = admission;
  }

  @Override
  public ServerServiceDefinition bindService() {
    ServiceDescriptor generated = FeatureServingGrpc.getServiceDescriptor();
    MethodDescriptor<PushFeaturesRequest, PushFeaturesResponse> push =
        FeatureServingGrpc.getPushFeaturesMethod();
    ServiceDescriptor service =
        ServiceDescriptor.newBuilder(generated.getName())
            .setSchemaDescriptor(generated.getSchemaDescriptor())
            .addMethod(GET_ONLINE_FEATURES)
            .addMethod(push)
            .build();
    return ServerServiceDefinition.builder(service)
        .addMethod(
            GET_ONLINE_FEATURES,
            new AdmittedCallHandler<>(
                ServerCalls.asyncUnaryCall(this::getOnlineFeatures),
                admission,
                metrics,
                "get_online_features"))
        .addMethod(push, ServerCalls.asyncUnaryCall(this::pushFeatures))
        .build();
  }

  /**
   * Reads and sends an answer. The answer is sent inside the timed call: its bytes are written as
   * gRPC takes the message, so the latency recorded includes writing them.
   */
  private void getOnlineFeatures(
      GetOnlineFeaturesRequest request, StreamObserver<EncodedAnswer> observer) {
    long received = AdmittedCallHandler.receivedNanos();
    finish(
        ApiCalls.timed(
            metrics,
            "grpc",
            "get_online_features",
            received,
            () -> {
              refuseIfDeadlinePassed();
              FeaturePlan plan =
                  reads.plan(
                      request.getProject(),
                      request.getFeatures().getFeaturesList(),
                      request.getKindCase() == GetOnlineFeaturesRequest.KindCase.FEATURE_SERVICE
                          ? request.getFeatureService()
                          : "",
                      request.getFullFeatureNames());
              return send(reads.read(plan, columns(request.getEntitiesMap()), received), observer);
            }),
        observer,
        "get_online_features");
  }

  private void pushFeatures(
      PushFeaturesRequest request, StreamObserver<PushFeaturesResponse> observer) {
    finish(
        send(
            ApiCalls.timed(
                metrics,
                "grpc",
                "push",
                System.nanoTime(),
                () -> {
                  FeatureView view = pushes.view(request.getProject(), request.getFeatureView());
                  return pushes.push(view, columns(request.getRowsMap()), request.getTo());
                }),
            observer),
        observer,
        "push");
  }

  /**
   * Fails the call when the client's deadline has already passed (it waited in the transport): the
   * client no longer waits for the answer, so reading it would be wasted work.
   *
   * @throws DeadlineExpiredException when the deadline has passed
   */
  private static void refuseIfDeadlinePassed() {
    Deadline deadline = Context.current().getDeadline();
    if (deadline != null && deadline.isExpired()) {
      throw new DeadlineExpiredException(
          "the client's deadline passed "
              + -deadline.timeRemaining(TimeUnit.MICROSECONDS)
              + " µs before the server could start the call");
    }
  }

  /** Sends the answer once it is made, unless the client has given up on the call meanwhile. */
  private static <T> CompletableFuture<Void> send(
      CompletableFuture<T> answer, StreamObserver<T> observer) {
    return answer.thenAccept(
        response -> {
          if (!cancelled(observer)) {
            observer.onNext(response);
          }
        });
  }

  /** Completes the call once its answer is sent, or fails it, unless the client has given up. */
  private static void finish(
      CompletableFuture<Void> sent, StreamObserver<?> observer, String method) {
    sent.whenComplete(
        (ignored, error) -> {
          if (cancelled(observer)) {
            return;
          }
          if (error == null) {
            observer.onCompleted();
          } else {
            if (StatusMapper.outcome(error) == StatusMapper.Outcome.INTERNAL) {
              log.error("{} failed", method, StatusMapper.unwrap(error));
            }
            observer.onError(StatusMapper.toGrpc(error).asRuntimeException());
          }
        });
  }

  private static boolean cancelled(StreamObserver<?> observer) {
    return observer instanceof ServerCallStreamObserver<?> call && call.isCancelled();
  }

  private static Map<String, List<Value>> columns(Map<String, RepeatedValue> proto) {
    Map<String, List<Value>> columns = new LinkedHashMap<>(proto.size() * 2);
    proto.forEach((name, column) -> columns.put(name, column.getValuesList()));
    return columns;
  }
}
