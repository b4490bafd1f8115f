package dev.larder.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.larder.proto.serving.v1.FeatureList;
import dev.larder.proto.serving.v1.FeatureServingGrpc;
import dev.larder.proto.serving.v1.GetOnlineFeaturesRequest;
import dev.larder.proto.serving.v1.PushFeaturesRequest;
import dev.larder.proto.serving.v1.PushTarget;
import dev.larder.proto.types.v1.RepeatedValue;
import dev.larder.proto.types.v1.Value;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Clients and request builders for tests that call a running server over gRPC and REST. */
public final class ServingTestSupport implements AutoCloseable {

  public static final ObjectMapper JSON = new ObjectMapper();

  private final ManagedChannel channel;
  private final HttpClient http = HttpClient.newHttpClient();
  private final int httpPort;

  public ServingTestSupport(int grpcPort, int httpPort) {
    this.channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
    this.httpPort = httpPort;
  }

  public FeatureServingGrpc.FeatureServingBlockingStub grpc() {
    return FeatureServingGrpc.newBlockingStub(channel);
  }

  public FeatureServingGrpc.FeatureServingFutureStub futures() {
    return FeatureServingGrpc.newFutureStub(channel);
  }

  /**
   * Pushes one {@code shop:user_profile} row, event time now, online.
   *
   * @return the rows written
   */
  public long pushUserProfile(String user, int age, double score) {
    Map<String, List<Value>> rows = new LinkedHashMap<>();
    rows.put("user_id", strs(user));
    rows.put("event_timestamp", List.of(ts(Instant.now())));
    rows.put("age", List.of(i32(age)));
    rows.put("score", List.of(f64(score)));
    return grpc().pushFeatures(push("shop", "user_profile", rows)).getRowsWritten();
  }

  /** The REST answer: HTTP status and parsed JSON body. */
  public record RestAnswer(int status, JsonNode body) {}

  public RestAnswer post(String path, String json) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new RestAnswer(response.statusCode(), JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static GetOnlineFeaturesRequest read(
      String project, List<String> features, Map<String, List<Value>> entities) {
    GetOnlineFeaturesRequest.Builder b =
        GetOnlineFeaturesRequest.newBuilder()
            .setProject(project)
            .setFeatures(FeatureList.newBuilder().addAllFeatures(features));
    entities.forEach(
        (k, v) -> b.putEntities(k, RepeatedValue.newBuilder().addAllValues(v).build()));
    return b.build();
  }

  public static PushFeaturesRequest push(
      String project, String view, Map<String, List<Value>> rows) {
    PushFeaturesRequest.Builder b =
        PushFeaturesRequest.newBuilder()
            .setProject(project)
            .setFeatureView(view)
            .setTo(PushTarget.ONLINE);
    rows.forEach((k, v) -> b.putRows(k, RepeatedValue.newBuilder().addAllValues(v).build()));
    return b.build();
  }

  public static Value str(String s) {
    return Value.newBuilder().setStringVal(s).build();
  }

  public static List<Value> strs(String... s) {
    return Arrays.stream(s).map(ServingTestSupport::str).toList();
  }

  public static Value i32(int i) {
    return Value.newBuilder().setInt32Val(i).build();
  }

  public static Value i64(long i) {
    return Value.newBuilder().setInt64Val(i).build();
  }

  public static Value f64(double d) {
    return Value.newBuilder().setDoubleVal(d).build();
  }

  public static Value ts(Instant t) {
    return Value.newBuilder()
        .setTimestampMicrosVal(t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000)
        .build();
  }

  public static Value nul() {
    return Value.getDefaultInstance();
  }

  @Override
  public void close() {
    channel.shutdownNow();
  }
}
