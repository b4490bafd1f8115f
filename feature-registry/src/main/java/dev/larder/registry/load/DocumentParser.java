package dev.larder.registry.load;

import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.load.Declarations.Document;
import dev.larder.registry.load.Declarations.EntityDecl;
import dev.larder.registry.load.Declarations.Ref;
import dev.larder.registry.load.Declarations.ServiceDecl;
import dev.larder.registry.load.Declarations.SourceDecl;
import dev.larder.registry.model.BatchConfig;
import dev.larder.registry.model.JoinKey;
import dev.larder.registry.model.StreamConfig;
import dev.larder.registry.model.ValueTypes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one YAML document of definitions (DESIGN §2) into {@link Declarations}: the shape of every
 * node, required and unknown keys, names, types, durations and formats. Checks that need other
 * declarations (references, schemas) are {@link ProjectValidator}'s.
 */
final class DocumentParser {

  private static final List<String> STREAM_FORMATS = List.of("json");
  private static final List<String> BATCH_FORMATS = List.of("parquet", "csv", "jsonl", "delta");
  private static final List<String> TOP_KEYS =
      List.of("project", "entities", "sources", "feature_views", "feature_services");
  private static final List<String> ENTITY_KEYS = List.of("name", "join_keys", "description");
  private static final List<String> JOIN_KEY_KEYS = List.of("name", "type");
  private static final List<String> SOURCE_KEYS =
      List.of("name", "timestamp_field", "id_field", "schema", "stream", "batch", "description");
  private static final List<String> STREAM_KEYS =
      List.of("kafka_topic", "format", "max_out_of_orderness");
  private static final List<String> BATCH_KEYS = List.of("path", "format");
  private static final List<String> SERVICE_KEYS = List.of("name", "features", "description");

  private final Problems problems;
  private final ViewParser views;

  DocumentParser(Problems problems) {
    this.problems = problems;
    this.views = new ViewParser(problems);
  }

  /** Reads a document; null when its root is not a mapping (reported). */
  Document parse(YamlNode root) {
    Fields top = Fields.of(root, "a definitions file", problems, TOP_KEYS);
    if (top == null) {
      return null;
    }
    return new Document(
        top.name("project"),
        top.each(top.list("entities", false), "an entity", ENTITY_KEYS, this::entity),
        top.each(top.list("sources", false), "a source", SOURCE_KEYS, this::source),
        top.each(
            top.list("feature_views", false), "a feature view", ViewParser.VIEW_KEYS, views::view),
        top.each(
            top.list("feature_services", false), "a feature service", SERVICE_KEYS, this::service));
  }

  private EntityDecl entity(Fields f) {
    List<YamlNode> items = f.nonEmptyList("join_keys", "an entity needs at least one join key");
    List<JoinKey> keys = f.each(items, "a join key", JOIN_KEY_KEYS, this::joinKey);
    Set<String> seen = new HashSet<>();
    for (JoinKey k : keys) {
      if (!seen.add(k.name())) {
        problems.add(f.node().at("join_keys"), "join key '" + k.name() + "' is given twice");
      }
    }
    return new EntityDecl(f.node(), f.name("name"), keys, f.string("description", false));
  }

  private JoinKey joinKey(Fields f) {
    String name = f.name("name");
    ValueType type = f.type("type");
    if (type != ValueType.VALUE_TYPE_UNSPECIFIED && !ValueTypes.isJoinKeyType(type)) {
      problems.add(
          f.node().at("type"),
          "join key type must be STRING, INT32 or INT64, was " + ValueTypes.displayName(type));
    }
    return name == null ? null : new JoinKey(name, type);
  }

  private SourceDecl source(Fields f) {
    return new SourceDecl(
        f.node(),
        f.name("name"),
        f.required("timestamp_field").map(f::identifier).orElse(null),
        f.value("id_field").map(f::identifier).orElse(null),
        schema(f),
        f.value("stream")
            .map(n -> Fields.of(n, "'stream'", problems, STREAM_KEYS))
            .map(this::stream)
            .orElse(null),
        f.value("batch")
            .map(n -> Fields.of(n, "'batch'", problems, BATCH_KEYS))
            .map(this::batch)
            .orElse(null),
        f.string("description", false));
  }

  private Map<String, ValueType> schema(Fields f) {
    f.required("schema");
    List<YamlNode.Entry> entries = f.entries("schema");
    if (entries.isEmpty() && f.value("schema").filter(YamlNode::isMapping).isPresent()) {
      problems.add(f.node().at("schema"), "a schema needs at least one column");
    }
    Map<String, ValueType> schema = new LinkedHashMap<>();
    for (YamlNode.Entry e : entries) {
      String column = f.identifier(e.keyNode());
      ValueType type = f.type(e.value());
      if (column != null && schema.putIfAbsent(column, type) != null) {
        problems.add(e.keyNode(), "column '" + column + "' is given twice");
      }
    }
    return schema;
  }

  private StreamConfig stream(Fields f) {
    String topic = f.string("kafka_topic", true);
    String format = format(f, false, STREAM_FORMATS);
    Duration lateness = f.duration("max_out_of_orderness", true);
    return topic == null ? null : new StreamConfig(topic, format, lateness);
  }

  private BatchConfig batch(Fields f) {
    String path = f.string("path", true);
    String format = format(f, true, BATCH_FORMATS);
    return path == null || format == null ? null : new BatchConfig(path, format);
  }

  /** The format in lower case; null when absent or not one of {@code allowed} (reported). */
  private String format(Fields f, boolean required, List<String> allowed) {
    String text = f.string("format", required);
    if (text == null) {
      return null;
    }
    String format = text.toLowerCase(Locale.ROOT);
    if (!allowed.contains(format)) {
      problems.add(
          f.node().at("format"),
          "unknown format '" + text + "' (formats: " + String.join(", ", allowed) + ")");
      return null;
    }
    return format;
  }

  private ServiceDecl service(Fields f) {
    String name = f.name("name");
    List<YamlNode> items =
        f.nonEmptyList("features", "a feature service needs at least one feature");
    List<Ref> refs = new ArrayList<>();
    for (YamlNode item : items) {
      String text = f.scalar(item);
      if (text != null) {
        refs.add(new Ref(text, item));
      }
    }
    return new ServiceDecl(f.node(), name, refs, f.string("description", false));
  }
}
