package dev.larder.server.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.larder.proto.serving.v1.FeatureVector;
import dev.larder.proto.serving.v1.FieldStatus;
import dev.larder.proto.serving.v1.GetOnlineFeaturesResponse;
import dev.larder.proto.serving.v1.PushFeaturesResponse;
import dev.larder.proto.serving.v1.PushTarget;
import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.errors.InvalidArgumentException;
import dev.larder.registry.errors.InvalidEntityKeyException;
import dev.larder.registry.errors.InvalidRowsException;
import dev.larder.registry.model.FeatureView;
import dev.larder.server.api.ApiCalls;
import dev.larder.server.metrics.ServingMetrics;
import dev.larder.server.serving.ColumnarRows;
import dev.larder.server.serving.EncodedAnswer;
import dev.larder.server.serving.FeaturePlan;
import dev.larder.server.serving.OnlineFeatureService;
import dev.larder.server.serving.PushService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The REST face of serving, in the JSON shape of Feast's HTTP feature server. Requests are turned
 * into the same calls the gRPC API makes, and answers are the gRPC answers written as JSON, so both
 * APIs give the same values and statuses. Answers are asynchronous: no servlet thread waits on
 * Redis.
 */
@RestController
public class ServingController {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final OnlineFeatureService reads;
  private final PushService pushes;
  private final ServingMetrics metrics;

  public ServingController(OnlineFeatureService reads, PushService pushes, ServingMetrics metrics) {
    this.reads = reads;
    this.pushes = pushes;
    this.metrics = metrics;
  }

  @PostMapping(
      path = "/get-online-features",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  public CompletableFuture<JsonNode> getOnlineFeatures(
      @RequestBody JsonNode body,
      @RequestAttribute(name = AdmissionFilter.RECEIVED_NANOS, required = false) Long received) {
    long receivedNanos = received == null ? System.nanoTime() : received;
    return ApiCalls.timed(
        metrics,
        "rest",
        "get_online_features",
        receivedNanos,
        () -> {
          requireObject(body);
          FeaturePlan plan =
              reads.plan(
                  text(body, "project"),
                  strings(body.get("features"), "features"),
                  text(body, "feature_service"),
                  body.path("full_feature_names").asBoolean(false));
          Map<String, List<Value>> entities =
              columns(
                  body.get("entities"),
                  "entities",
                  plan::joinKeyType,
                  InvalidEntityKeyException::new);
          return reads
              .read(plan, entities, receivedNanos)
              .thenApply(ServingController::answerToJson);
        });
  }

  @PostMapping(
      path = "/push",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  public CompletableFuture<JsonNode> push(@RequestBody JsonNode body) {
    return ApiCalls.timed(
        metrics,
        "rest",
        "push",
        System.nanoTime(),
        () -> {
          requireObject(body);
          FeatureView view = pushes.view(text(body, "project"), text(body, "feature_view"));
          PushTarget target = target(text(body, "to"));
          Map<String, List<Value>> rows =
              columns(
                  body.get("rows"),
                  "rows",
                  name -> PushService.columnType(view, name),
                  InvalidRowsException::new);
          return pushes.push(view, rows, target).thenApply(ServingController::toJson);
        });
  }

  private static void requireObject(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new InvalidArgumentException("the request body must be a JSON object");
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return "";
    }
    if (!node.isTextual()) {
      throw new InvalidArgumentException(field + ": expected a string");
    }
    return node.textValue();
  }

  static List<String> strings(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new InvalidArgumentException(field + ": expected an array of strings");
    }
    List<String> out = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      if (!node.get(i).isTextual()) {
        throw new InvalidArgumentException(field + "[" + i + "]: expected a string");
      }
      out.add(node.get(i).textValue());
    }
    return out;
  }

  private Map<String, List<Value>> columns(
      JsonNode node,
      String field,
      Function<String, ValueType> typeOf,
      Function<String, ? extends RuntimeException> error) {
    if (node == null || node.isNull()) {
      throw new InvalidArgumentException(field + ": missing");
    }
    if (!node.isObject()) {
      throw new InvalidArgumentException(
          field + ": expected an object of column name -> array of values");
    }
    Map<String, JsonNode> arrays = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> column : node.properties()) {
      if (!column.getValue().isArray()) {
        throw error.apply(
            field + "." + column.getKey() + ": expected an array with one value per row");
      }
      arrays.put(column.getKey(), column.getValue());
    }
    ColumnarRows.rowCountOfSizes(arrays, JsonNode::size, field, reads.maxRows());
    Map<String, List<Value>> columns = new LinkedHashMap<>();
    arrays.forEach(
        (name, values) -> {
          ValueType type = typeOf.apply(name);
          List<Value> list = new ArrayList<>(values.size());
          for (int i = 0; i < values.size(); i++) {
            list.add(
                JsonValues.toValue(values.get(i), type, field + "." + name + "[" + i + "]", error));
          }
          columns.put(name, list);
        });
    return columns;
  }

  private static PushTarget target(String to) {
    if (to.isEmpty()) {
      return PushTarget.ONLINE;
    }
    try {
      PushTarget target = PushTarget.valueOf(to);
      if (target != PushTarget.UNRECOGNIZED && target != PushTarget.PUSH_TARGET_UNSPECIFIED) {
        return target;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new InvalidArgumentException(
        "to: '" + to + "' is not ONLINE, OFFLINE or ONLINE_AND_OFFLINE");
  }

  /**
   * The JSON form of an answer in wire format: parsed back into the message gRPC clients get, so
   * that both APIs give the same answer by construction.
   */
  private static JsonNode answerToJson(EncodedAnswer answer) {
    try {
      return toJson(GetOnlineFeaturesResponse.parseFrom(answer.toByteArray()));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the encoded answer does not parse", e);
    }
  }

  /** The JSON form of a read answer, as {@code POST /get-online-features} returns it. */
  public static JsonNode toJson(GetOnlineFeaturesResponse response) {
    ObjectNode root = NODES.objectNode();
    ArrayNode names = root.putObject("metadata").putArray("feature_names");
    response.getMetadata().getFeatureNamesList().forEach(names::add);
    ArrayNode results = root.putArray("results");
    for (FeatureVector vector : response.getResultsList()) {
      ObjectNode result = results.addObject();
      ArrayNode values = result.putArray("values");
      vector.getValuesList().forEach(v -> values.add(JsonValues.toJson(v)));
      ArrayNode statuses = result.putArray("statuses");
      for (FieldStatus s : vector.getStatusesList()) {
        statuses.add(s.name());
      }
      ArrayNode timestamps = result.putArray("event_timestamps");
      vector.getEventTimestampsList().forEach(t -> timestamps.add(JsonValues.format(t)));
    }
    return root;
  }

  static JsonNode toJson(PushFeaturesResponse response) {
    ObjectNode root = NODES.objectNode();
    root.put("rows_written", response.getRowsWritten());
    root.put("rows_older_ignored", response.getRowsOlderIgnored());
    root.put("rows_expired_ignored", response.getRowsExpiredIgnored());
    return root;
  }
}
