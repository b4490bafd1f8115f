package dev.larder.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.larder.registry.errors.LarderException;
import dev.larder.storage.training.TrainingSetRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Asks a running feature server to make a training set ({@code POST /training-sets/v1}) and waits
 * for its answer. The server's JVM has made training sets before, so its code is compiled; a
 * one-shot process spends most of a small set's time compiling instead. The server reads and writes
 * the paths itself, with its own registry and offline store.
 *
 * <p>It uses {@link HttpURLConnection} and Gson rather than {@code java.net.http} and Jackson: the
 * client runs in a fresh JVM every time, and those load about a thousand classes more (TLS set up
 * even for plain HTTP, Jackson's data binding), a few hundred milliseconds of every call.
 */
final class TrainingSetClient {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final URL endpoint;

  /**
   * @param server the server's HTTP address, e.g. {@code http://localhost:8080}
   * @throws LarderException when it is not an http(s) URL
   */
  TrainingSetClient(URI server) {
    String scheme = server.getScheme();
    if (!("http".equals(scheme) || "https".equals(scheme)) || server.getHost() == null) {
      throw new LarderException(
          "--server: expected the feature server's HTTP address, like http://localhost:8080, was '"
              + server
              + "'");
    }
    String base = server.toString().replaceAll("/+$", "");
    try {
      this.endpoint = URI.create(base + "/training-sets/v1").toURL();
    } catch (IOException | IllegalArgumentException e) {
      throw new LarderException("--server: not a usable URL: '" + server + "'", e);
    }
  }

  /** A training set as written: its file, its lineage, and the views read. */
  record Answer(long rows, String output, String lineage, double seconds, List<ViewRead> views) {}

  /** One view the training set read: its version, the Delta table version and its features. */
  record ViewRead(String view, int version, long tableVersion, List<String> features) {}

  /**
   * Sends the request and waits until the server has written the file. Its paths are sent as they
   * are, for the server to open.
   *
   * @throws LarderException with the server's own message when it refuses the request, or naming
   *     the server when it cannot be reached
   */
  Answer run(TrainingSetRequest request) {
    byte[] body = body(request).toString().getBytes(StandardCharsets.UTF_8);
    HttpURLConnection http = null;
    try {
      http = (HttpURLConnection) endpoint.openConnection();
      http.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
      http.setRequestMethod("POST");
      http.setDoOutput(true);
      http.setFixedLengthStreamingMode(body.length);
      http.setRequestProperty("Content-Type", "application/json");
      http.setRequestProperty("Accept", "application/json");
      try (OutputStream out = http.getOutputStream()) {
        out.write(body);
      }
      int status = http.getResponseCode();
      String text;
      try (InputStream in = status < 400 ? http.getInputStream() : http.getErrorStream()) {
        text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      JsonObject answer = parse(status, text);
      if (status != 200) {
        JsonElement message =
            answer.has("error") && answer.get("error").isJsonObject()
                ? answer.getAsJsonObject("error").get("message")
                : null;
        throw new LarderException(
            "the feature server refused the training set (HTTP "
                + status
                + "): "
                + (message == null ? text : message.getAsString()));
      }
      return answer(answer);
    } catch (ConnectException e) {
      throw new LarderException(
          "cannot reach the feature server at " + endpoint + " (is `larder serve` running?)", e);
    } catch (IOException e) {
      throw new LarderException(
          "the feature server at " + endpoint + " did not answer: " + e.getMessage(), e);
    } finally {
      if (http != null) {
        http.disconnect();
      }
    }
  }

  private static JsonObject body(TrainingSetRequest request) {
    JsonObject body = new JsonObject();
    body.addProperty("project", request.project());
    body.addProperty("entities", request.entities().toString());
    if (!request.features().isEmpty()) {
      JsonArray features = new JsonArray();
      request.features().forEach(features::add);
      body.add("features", features);
    }
    body.addProperty("feature_service", request.featureService());
    body.addProperty("output", request.output().toString());
    body.addProperty("format", request.format().name().toLowerCase(Locale.ROOT));
    body.addProperty("full_feature_names", request.fullFeatureNames());
    body.addProperty("as_of", request.asOf() == null ? null : request.asOf().toString());
    return body;
  }

  private JsonObject parse(int status, String text) {
    try {
      return JsonParser.parseString(text).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new LarderException(
          "the feature server at "
              + endpoint
              + " answered HTTP "
              + status
              + " with a body that is not a JSON object: "
              + text,
          e);
    }
  }

  private static Answer answer(JsonObject answer) {
    List<ViewRead> views = new ArrayList<>();
    for (JsonElement element : answer.getAsJsonArray("views")) {
      JsonObject v = element.getAsJsonObject();
      List<String> features = new ArrayList<>();
      v.getAsJsonArray("features").forEach(f -> features.add(f.getAsString()));
      views.add(
          new ViewRead(
              v.get("view").getAsString(),
              v.get("version").getAsInt(),
              v.get("table_version").getAsLong(),
              features));
    }
    return new Answer(
        answer.get("rows").getAsLong(),
        answer.get("output").getAsString(),
        answer.get("lineage").getAsString(),
        answer.get("seconds").getAsDouble(),
        views);
  }
}
