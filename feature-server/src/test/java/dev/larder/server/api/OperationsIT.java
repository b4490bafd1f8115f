package dev.larder.server.api;

import static dev.larder.server.ServingTestSupport.read;
import static dev.larder.server.ServingTestSupport.strs;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import dev.larder.server.config.ServingConfiguration;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;

/** What operators and tools rely on: gRPC health and reflection, actuator health and metrics. */
@AutoConfigureObservability
class OperationsIT extends ServerIT {

  ManagedChannel channel;

  @BeforeEach
  void connect() {
    channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcServer.port()).usePlaintext().build();
  }

  @AfterEach
  void disconnect() {
    channel.shutdownNow();
  }

  @Test
  void grpcHealthSaysServingForTheServerAndTheService() {
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
    assertThat(health.check(HealthCheckRequest.newBuilder().setService("").build()).getStatus())
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    assertThat(
            health
                .check(
                    HealthCheckRequest.newBuilder()
                        .setService("larder.serving.v1.FeatureServing")
                        .build())
                .getStatus())
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  @Test
  void reflectionListsTheServingService() throws Exception {
    List<String> services =
        reflect(ServerReflectionRequest.newBuilder().setListServices("").build())
            .getListServicesResponse()
            .getServiceList()
            .stream()
            .map(s -> s.getName())
            .toList();
    assertThat(services).contains("larder.serving.v1.FeatureServing", "grpc.health.v1.Health");
  }

  @Test
  void reflectionDescribesTheServingServiceAsDeclared() throws Exception {
    ServerReflectionResponse answer =
        reflect(
            ServerReflectionRequest.newBuilder()
                .setFileContainingSymbol("larder.serving.v1.FeatureServing")
                .build());
    FileDescriptorProto file =
        FileDescriptorProto.parseFrom(answer.getFileDescriptorResponse().getFileDescriptorProto(0));
    ServiceDescriptorProto service = file.getService(0);
    assertThat(service.getName()).isEqualTo("FeatureServing");
    assertThat(service.getMethodList())
        .extracting(m -> m.getName() + ": " + m.getInputType() + " -> " + m.getOutputType())
        .containsExactly(
            "GetOnlineFeatures: .larder.serving.v1.GetOnlineFeaturesRequest"
                + " -> .larder.serving.v1.GetOnlineFeaturesResponse",
            "PushFeatures: .larder.serving.v1.PushFeaturesRequest"
                + " -> .larder.serving.v1.PushFeaturesResponse");
  }

  private ServerReflectionResponse reflect(ServerReflectionRequest request) throws Exception {
    CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(channel)
            .serverReflectionInfo(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ServerReflectionResponse r) {
                    answer.complete(r);
                  }

                  @Override
                  public void onError(Throwable t) {
                    answer.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
    requests.onNext(request);
    requests.onCompleted();
    return answer.get(10, TimeUnit.SECONDS);
  }

  @Test
  void theServerWarmsItsReadPathBeforeItIsReady() {
    assertThat(REDIS.commandCalls("mget"))
        .as("reads the warm-up sent to Redis before the first test request")
        .isGreaterThanOrEqualTo(ServingConfiguration.WARM_UP_READS);
  }

  @Test
  void actuatorReportsHealthAndServingMetrics() throws Exception {
    dev.larder.proto.serving.v1.FeatureServingGrpc.newBlockingStub(channel)
        .getOnlineFeatures(
            read(
                "shop",
                List.of("user_profile:age", "user_profile:score"),
                java.util.Map.of("user_id", strs("nobody"))));

    assertThat(get("/actuator/health").body()).contains("\"status\":\"UP\"");
    HttpResponse<String> prometheus = get("/actuator/prometheus");
    assertThat(prometheus.statusCode()).isEqualTo(200);
    assertThat(prometheus.body())
        .contains("larder_serving_request_seconds_bucket{api=\"grpc\"")
        .containsPattern(
            "larder_serving_values_total\\{[^}]*project=\"shop\"[^}]*status=\"NOT_FOUND\"[^}]*view=\"user_profile\"[^}]*} 1\\.0")
        .containsPattern(
            "larder_serving_values_total\\{[^}]*project=\"shop\"[^}]*status=\"DEFAULTED\"[^}]*view=\"user_profile\"[^}]*} 1\\.0");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
