package dev.larder.benchmarks.load;

import dev.larder.benchmarks.workload.BenchWorkload;
import dev.larder.proto.serving.v1.FeatureList;
import dev.larder.proto.serving.v1.FeatureServingGrpc;
import dev.larder.proto.serving.v1.GetOnlineFeaturesRequest;
import dev.larder.proto.serving.v1.GetOnlineFeaturesResponse;
import dev.larder.proto.types.v1.RepeatedValue;
import dev.larder.proto.types.v1.Value;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The feature server under test: {@code GetOnlineFeatures} for all 250 benchmark features of a
 * batch of entities, over one shared plaintext gRPC channel to 127.0.0.1.
 *
 * <p>Calls complete on the channel's Netty thread (direct executor): the answer is parsed there, as
 * any client must, and nothing else runs there. Thread-safe.
 */
public final class GrpcServingTarget implements LookupTarget<GetOnlineFeaturesResponse> {

  /** Answers of 1,000 rows x 251 columns are a few MB; gRPC's default limit is 4 MB. */
  private static final int MAX_ANSWER_BYTES = 64 << 20;

  private final ManagedChannel channel;
  private final FeatureServingGrpc.FeatureServingStub stub;
  private final FeatureList features;
  private final long timeoutNanos;

  private GrpcServingTarget(ManagedChannel channel, Duration timeout) {
    this.channel = channel;
    this.stub = FeatureServingGrpc.newStub(channel);
    this.features =
        FeatureList.newBuilder().addAllFeatures(BenchWorkload.featureReferences()).build();
    this.timeoutNanos = timeout.toNanos();
  }

  /** A target on the server's gRPC port of this machine; each call has {@code timeout}. */
  public static GrpcServingTarget connect(int port, Duration timeout) {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", port)
            .usePlaintext()
            .directExecutor()
            .maxInboundMessageSize(MAX_ANSWER_BYTES)
            .build();
    return new GrpcServingTarget(channel, timeout);
  }

  @Override
  public String name() {
    return "Larder gRPC";
  }

  @Override
  public CompletableFuture<GetOnlineFeaturesResponse> lookup(long[] entityIds) {
    RepeatedValue.Builder ids = RepeatedValue.newBuilder();
    for (long id : entityIds) {
      ids.addValues(Value.newBuilder().setInt64Val(id));
    }
    GetOnlineFeaturesRequest request =
        GetOnlineFeaturesRequest.newBuilder()
            .setProject(BenchWorkload.PROJECT)
            .setFeatures(features)
            .putEntities(BenchWorkload.JOIN_KEY, ids.build())
            .build();
    UnaryAnswer<GetOnlineFeaturesResponse> answer = new UnaryAnswer<>();
    stub.withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS).getOnlineFeatures(request, answer);
    return answer;
  }

  @Override
  public long verify(long[] entityIds, GetOnlineFeaturesResponse answer) {
    return ServingAnswerCheck.check(entityIds, answer);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The single answer of a unary call as a future. */
  private static final class UnaryAnswer<T> extends CompletableFuture<T>
      implements StreamObserver<T> {
    private T value;

    @Override
    public void onNext(T value) {
      this.value = value;
    }

    @Override
    public void onError(Throwable t) {
      completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
      complete(value);
    }
  }
}
