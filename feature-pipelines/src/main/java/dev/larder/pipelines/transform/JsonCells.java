package dev.larder.pipelines.transform;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON into raw cells for {@link EventParser}: scalars as their text as written (so numbers
 * keep their exact digits), arrays as lists, null as null, objects as maps. Thread-safe.
 */
public final class JsonCells {

  private JsonCells() {}

  /**
   * Parses one JSON object (a JSON-lines record) into column name to raw cell.
   *
   * @throws IllegalArgumentException with a one-line reason when the text is not a JSON object
   */
  public static Map<String, Object> parseObject(String json) {
    Map<String, Object> flat = FlatJsonObjects.read(json);
    return flat != null ? flat : parseObjectTree(json);
  }

  /** {@link #parseObject} by way of a JSON tree, for any JSON text. */
  static Map<String, Object> parseObjectTree(String json) {
    JsonElement e;
    try {
      e = JsonParser.parseString(json);
    } catch (JsonParseException ex) {
      Throwable why = ex.getCause() != null ? ex.getCause() : ex;
      throw new IllegalArgumentException("not valid JSON: " + firstLine(why.getMessage()), ex);
    }
    if (!e.isJsonObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    return cells(e.getAsJsonObject());
  }

  /** Parses the text of a JSON array into raw cells. */
  static List<Object> parseArray(String json) {
    try {
      JsonElement e = JsonParser.parseString(json);
      if (!e.isJsonArray()) {
        throw new IllegalArgumentException("not a JSON array");
      }
      return cells(e.getAsJsonArray());
    } catch (JsonParseException ex) {
      throw new IllegalArgumentException("not a JSON array: " + firstLine(ex.getMessage()), ex);
    }
  }

  private static Map<String, Object> cells(JsonObject o) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> f : o.entrySet()) {
      out.put(f.getKey(), cell(f.getValue()));
    }
    return out;
  }

  private static List<Object> cells(JsonArray a) {
    List<Object> out = new ArrayList<>(a.size());
    for (JsonElement e : a) {
      out.add(cell(e));
    }
    return out;
  }

  private static Object cell(JsonElement e) {
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (e.isJsonArray()) {
      return cells(e.getAsJsonArray());
    }
    if (e.isJsonObject()) {
      return cells(e.getAsJsonObject());
    }
    return e.getAsString();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
