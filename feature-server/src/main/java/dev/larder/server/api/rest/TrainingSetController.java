package dev.larder.server.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.larder.registry.errors.InvalidArgumentException;
import dev.larder.server.config.LarderServerProperties;
import dev.larder.storage.training.OutputFormat;
import dev.larder.storage.training.TrainingSetEngine;
import dev.larder.storage.training.TrainingSetLineage;
import dev.larder.storage.training.TrainingSetRequest;
import dev.larder.storage.training.TrainingSetResult;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /training-sets/v1}: makes a point-in-time-correct training set with the local engine
 * and answers where it is. The request names files the server can read (the entity file, an earlier
 * lineage for {@code as_of}); without {@code output} the training set goes under {@code
 * larder.offline.training-sets} with a fresh name. The call returns when the file is written.
 *
 * <pre>{@code
 * {"entities": "data/labels.parquet", "features": ["customer_stats:order_count_7d"],
 *  "output": "out/train.parquet", "format": "parquet", "full_feature_names": false}
 * -> {"output": ".../out/train.parquet", "lineage": "...lineage.json", "rows": 1000,
 *     "views": [{"view": "customer_stats", "version": 1, "table_version": 12,
 *     "features": ["order_count_7d"]}], "seconds": 0.8}
 * }</pre>
 */
@RestController
public class TrainingSetController {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final TrainingSetEngine engine;
  private final Path defaultDir;

  public TrainingSetController(TrainingSetEngine engine, LarderServerProperties properties) {
    this.engine = engine;
    this.defaultDir = Path.of(properties.offline().trainingSets());
  }

  @PostMapping(
      path = "/training-sets/v1",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  public JsonNode create(@RequestBody JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new InvalidArgumentException("the request body must be a JSON object");
    }
    String engineName = text(body, "engine");
    if (engineName != null && !engineName.equals("local")) {
      throw new InvalidArgumentException(
          "engine: the server runs the local engine; for '"
              + engineName
              + "' run larder training-set --engine "
              + engineName);
    }
    String entities = text(body, "entities");
    if (entities == null) {
      throw new InvalidArgumentException("entities: the path of the entity file is missing");
    }
    String formatName = text(body, "format");
    OutputFormat format = formatName == null ? null : OutputFormat.parse(formatName);
    String output = text(body, "output");
    Path out =
        output != null
            ? Path.of(output)
            : defaultDir.resolve(
                "training-set-"
                    + UUID.randomUUID()
                    + (format == OutputFormat.CSV ? ".csv" : ".parquet"));
    String asOf = text(body, "as_of");
    TrainingSetResult result =
        engine.run(
            new TrainingSetRequest(
                text(body, "project"),
                Path.of(entities),
                ServingController.strings(body.get("features"), "features"),
                text(body, "feature_service"),
                out,
                format,
                body.path("full_feature_names").asBoolean(false),
                asOf == null ? null : Path.of(asOf)));
    return answer(result);
  }

  private static JsonNode answer(TrainingSetResult result) {
    ObjectNode root = NODES.objectNode();
    root.put("output", result.output().toAbsolutePath().toString());
    root.put("lineage", result.lineageFile().toAbsolutePath().toString());
    root.put("rows", result.rows());
    ArrayNode views = root.putArray("views");
    for (TrainingSetLineage.ViewRead v : result.lineage().views()) {
      ObjectNode view =
          views
              .addObject()
              .put("view", v.view())
              .put("version", v.viewVersion())
              .put("table_version", v.tableVersion());
      v.features().forEach(view.putArray("features")::add);
    }
    root.put("seconds", result.elapsedNanos() / 1e9);
    return root;
  }

  private static String text(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual() || node.textValue().isBlank()) {
      throw new InvalidArgumentException(field + ": expected a non-empty string");
    }
    return node.textValue();
  }
}
