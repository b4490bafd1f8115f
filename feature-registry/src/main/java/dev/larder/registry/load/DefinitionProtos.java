package dev.larder.registry.load;

import dev.larder.proto.registry.v1.BatchSource;
import dev.larder.proto.registry.v1.ProjectDefinitions;
import dev.larder.proto.registry.v1.SchemaField;
import dev.larder.proto.registry.v1.StreamSource;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.errors.InvalidArgumentException;
import dev.larder.registry.model.Aggregation;
import dev.larder.registry.model.AggregationFunction;
import dev.larder.registry.model.BatchConfig;
import dev.larder.registry.model.Entity;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureRef;
import dev.larder.registry.model.FeatureService;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.registry.model.Project;
import dev.larder.registry.model.Source;
import dev.larder.registry.model.StreamConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts a {@link Project} to and from {@link ProjectDefinitions}, the form the registry stores
 * and serves. {@code fromProto(toProto(p))} equals {@code p} in every definition. Proto messages
 * whose names clash with the model's are written with their package. Stateless and thread-safe.
 */
public final class DefinitionProtos {

  private DefinitionProtos() {}

  /** The definitions of a project, every version of every view included. */
  public static ProjectDefinitions toProto(Project project) {
    ProjectDefinitions.Builder b = ProjectDefinitions.newBuilder().setProject(project.name());
    project.entities().values().forEach(e -> b.addEntities(entity(e)));
    project.sources().values().forEach(s -> b.addSources(source(s)));
    project.allViews().forEach(v -> b.addFeatureViews(view(v)));
    project.featureServices().values().forEach(s -> b.addFeatureServices(service(s)));
    return b.build();
  }

  /**
   * The project the definitions describe; views' join keys are resolved from their entities.
   *
   * @throws InvalidArgumentException naming the definition when a view names an unknown entity, a
   *     type is unspecified, or a feature reference does not parse
   */
  public static Project fromProto(ProjectDefinitions proto) {
    Map<String, Entity> entities = new LinkedHashMap<>();
    proto.getEntitiesList().forEach(e -> entities.put(e.getName(), entity(e)));
    return new Project(
        proto.getProject(),
        List.copyOf(entities.values()),
        proto.getSourcesList().stream().map(DefinitionProtos::source).toList(),
        proto.getFeatureViewsList().stream()
            .map(v -> view(proto.getProject(), v, entities))
            .toList(),
        proto.getFeatureServicesList().stream().map(DefinitionProtos::service).toList());
  }

  private static dev.larder.proto.registry.v1.Entity entity(Entity e) {
    dev.larder.proto.registry.v1.Entity.Builder b =
        dev.larder.proto.registry.v1.Entity.newBuilder()
            .setName(e.name())
            .setDescription(e.description());
    e.joinKeys().forEach(k -> b.addJoinKeys(joinKey(k)));
    return b.build();
  }

  private static Entity entity(dev.larder.proto.registry.v1.Entity e) {
    List<JoinKey> keys =
        e.getJoinKeysList().stream()
            .map(k -> new JoinKey(k.getName(), type(k.getType(), "join key " + k.getName())))
            .toList();
    return new Entity(e.getName(), keys, e.getDescription());
  }

  private static dev.larder.proto.registry.v1.JoinKey joinKey(JoinKey k) {
    return dev.larder.proto.registry.v1.JoinKey.newBuilder()
        .setName(k.name())
        .setType(k.type())
        .build();
  }

  private static dev.larder.proto.registry.v1.Source source(Source s) {
    dev.larder.proto.registry.v1.Source.Builder b =
        dev.larder.proto.registry.v1.Source.newBuilder()
            .setName(s.name())
            .setTimestampField(s.timestampField())
            .setDescription(s.description());
    if (s.idField() != null) {
      b.setIdField(s.idField());
    }
    s.schema().forEach((n, t) -> b.addSchema(SchemaField.newBuilder().setName(n).setType(t)));
    if (s.stream() != null) {
      b.setStream(
          StreamSource.newBuilder()
              .setKafkaTopic(s.stream().kafkaTopic())
              .setFormat(s.stream().format())
              .setMaxOutOfOrderness(duration(s.stream().maxOutOfOrderness())));
    }
    if (s.batch() != null) {
      b.setBatch(BatchSource.newBuilder().setPath(s.batch().path()).setFormat(s.batch().format()));
    }
    return b.build();
  }

  private static Source source(dev.larder.proto.registry.v1.Source s) {
    Map<String, ValueType> schema = new LinkedHashMap<>();
    s.getSchemaList()
        .forEach(f -> schema.put(f.getName(), type(f.getType(), "column " + f.getName())));
    StreamSource stream = s.getStream();
    return new Source(
        s.getName(),
        s.getTimestampField(),
        s.getIdField().isEmpty() ? null : s.getIdField(),
        schema,
        s.hasStream()
            ? new StreamConfig(
                stream.getKafkaTopic(),
                stream.getFormat().isEmpty() ? null : stream.getFormat(),
                stream.hasMaxOutOfOrderness() ? duration(stream.getMaxOutOfOrderness()) : null)
            : null,
        s.hasBatch() ? new BatchConfig(s.getBatch().getPath(), s.getBatch().getFormat()) : null,
        s.getDescription());
  }

  private static dev.larder.proto.registry.v1.FeatureView view(FeatureView v) {
    dev.larder.proto.registry.v1.FeatureView.Builder b =
        dev.larder.proto.registry.v1.FeatureView.newBuilder()
            .setName(v.name())
            .setVersion(v.version())
            .addAllEntities(v.entities())
            .setDescription(v.description())
            .setOwner(v.owner())
            .putAllTags(v.tags());
    if (v.source() != null) {
      b.setSource(v.source());
    }
    v.ttl().ifPresent(t -> b.setTtl(duration(t)));
    v.freshnessSla().ifPresent(t -> b.setFreshnessSla(duration(t)));
    v.features().forEach(f -> b.addFeatures(feature(f)));
    return b.build();
  }

  private static FeatureView view(
      String project, dev.larder.proto.registry.v1.FeatureView v, Map<String, Entity> entities) {
    List<JoinKey> joinKeys =
        v.getEntitiesList().stream()
            .flatMap(e -> knownEntity(entities, e, v.getName()).joinKeys().stream())
            .toList();
    return FeatureView.builder()
        .project(project)
        .name(v.getName())
        .version(v.getVersion())
        .entities(v.getEntitiesList())
        .joinKeys(joinKeys)
        .source(v.getSource().isEmpty() ? null : v.getSource())
        .ttl(v.hasTtl() ? duration(v.getTtl()) : null)
        .freshnessSla(v.hasFreshnessSla() ? duration(v.getFreshnessSla()) : null)
        .features(v.getFeaturesList().stream().map(f -> feature(v.getName(), f)).toList())
        .description(v.getDescription())
        .owner(v.getOwner())
        .tags(new LinkedHashMap<>(v.getTagsMap()))
        .build();
  }

  private static Entity knownEntity(Map<String, Entity> entities, String name, String view) {
    Entity e = entities.get(name);
    if (e == null) {
      throw new InvalidArgumentException(
          "feature view " + view + " names entity '" + name + "', which is not defined");
    }
    return e;
  }

  private static dev.larder.proto.registry.v1.Feature feature(Feature f) {
    dev.larder.proto.registry.v1.Feature.Builder b =
        dev.larder.proto.registry.v1.Feature.newBuilder()
            .setName(f.name())
            .setType(f.type())
            .setDescription(f.description())
            .setHasDefault(f.hasDefault());
    if (f.column() != null) {
      b.setColumn(f.column());
    }
    if (f.aggregation() != null) {
      b.setAggregation(aggregation(f.aggregation()));
    }
    if (f.hasDefault()) {
      b.setDefaultValue(f.defaultValue());
    }
    return b.build();
  }

  private static Feature feature(String view, dev.larder.proto.registry.v1.Feature f) {
    return new Feature(
        f.getName(),
        type(f.getType(), "feature " + view + ":" + f.getName()),
        f.hasColumn() ? f.getColumn() : null,
        f.hasAggregation() ? aggregation(f.getAggregation()) : null,
        f.getHasDefault() ? f.getDefaultValue() : null,
        f.getDescription());
  }

  private static dev.larder.proto.registry.v1.Aggregation aggregation(Aggregation a) {
    dev.larder.proto.registry.v1.Aggregation.Builder b =
        dev.larder.proto.registry.v1.Aggregation.newBuilder()
            .setFunction(
                dev.larder.proto.registry.v1.AggregationFunction.valueOf(a.function().name()));
    if (a.column() != null) {
      b.setColumn(a.column());
    }
    if (a.window() != null) {
      b.setWindow(duration(a.window()));
    }
    return b.build();
  }

  private static Aggregation aggregation(dev.larder.proto.registry.v1.Aggregation a) {
    AggregationFunction function;
    try {
      function = AggregationFunction.valueOf(a.getFunction().name());
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("unknown aggregation function " + a.getFunction());
    }
    return new Aggregation(
        function,
        a.getColumn().isEmpty() ? null : a.getColumn(),
        a.hasWindow() ? duration(a.getWindow()) : null);
  }

  private static dev.larder.proto.registry.v1.FeatureService service(FeatureService s) {
    return dev.larder.proto.registry.v1.FeatureService.newBuilder()
        .setName(s.name())
        .addAllFeatures(s.features().stream().map(FeatureRef::toString).toList())
        .setDescription(s.description())
        .build();
  }

  private static FeatureService service(dev.larder.proto.registry.v1.FeatureService s) {
    return new FeatureService(
        s.getName(),
        s.getFeaturesList().stream().map(FeatureRef::parse).toList(),
        s.getDescription());
  }

  private static ValueType type(ValueType type, String what) {
    if (type == ValueType.VALUE_TYPE_UNSPECIFIED || type == ValueType.UNRECOGNIZED) {
      throw new InvalidArgumentException(what + " has no known type");
    }
    return type;
  }

  private static com.google.protobuf.Duration duration(Duration d) {
    return com.google.protobuf.Duration.newBuilder()
        .setSeconds(d.getSeconds())
        .setNanos(d.getNano())
        .build();
  }

  private static Duration duration(com.google.protobuf.Duration d) {
    return Duration.ofSeconds(d.getSeconds(), d.getNanos());
  }
}
