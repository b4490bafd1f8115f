package dev.larder.registry.model;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of a feature view: features computed for the entities of {@link #entities()} from one
 * source, stored together (one online row per entity, one offline table).
 *
 * <p>Immutable and thread-safe. {@link #joinKeys()} are the entities' join keys in declared order,
 * resolved when the view was loaded, so serving never looks entities up.
 */
public final class FeatureView {

  private final String project;
  private final String name;
  private final int version;
  private final List<String> entities;
  private final List<JoinKey> joinKeys;
  private final String source;
  private final Duration ttl;
  private final Duration freshnessSla;
  private final List<Feature> features;
  private final String description;
  private final String owner;
  private final Map<String, String> tags;
  private final Map<String, Integer> featureIndex;

  private FeatureView(Builder b) {
    this.project = Objects.requireNonNull(b.project, "project");
    this.name = Objects.requireNonNull(b.name, "name");
    if (b.version < 1) {
      throw new IllegalArgumentException("version must be >= 1, was " + b.version);
    }
    this.version = b.version;
    this.entities = List.copyOf(b.entities);
    this.joinKeys = List.copyOf(b.joinKeys);
    this.source = b.source;
    this.ttl = b.ttl;
    this.freshnessSla = b.freshnessSla;
    this.features = List.copyOf(b.features);
    this.description = b.description == null ? "" : b.description;
    this.owner = b.owner == null ? "" : b.owner;
    this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < features.size(); i++) {
      if (index.put(features.get(i).name(), i) != null) {
        throw new IllegalArgumentException(
            "feature view " + name + " declares feature " + features.get(i).name() + " twice");
      }
    }
    this.featureIndex = Map.copyOf(index);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this view's definition, to derive a changed copy. */
  public Builder toBuilder() {
    return builder()
        .project(project)
        .name(name)
        .version(version)
        .entities(entities)
        .joinKeys(joinKeys)
        .source(source)
        .ttl(ttl)
        .freshnessSla(freshnessSla)
        .features(features)
        .description(description)
        .owner(owner)
        .tags(tags);
  }

  public String project() {
    return project;
  }

  public String name() {
    return name;
  }

  public int version() {
    return version;
  }

  /** {@code name@vN}. */
  public String qualifiedName() {
    return name + "@v" + version;
  }

  public List<String> entities() {
    return entities;
  }

  public List<JoinKey> joinKeys() {
    return joinKeys;
  }

  /** The source's name, or null for a view fed only by pushes. */
  public String source() {
    return source;
  }

  /** The online max age and point-in-time look-back; empty when values never age out. */
  public Optional<Duration> ttl() {
    return Optional.ofNullable(ttl);
  }

  public Optional<Duration> freshnessSla() {
    return Optional.ofNullable(freshnessSla);
  }

  /** Features in definition order: the order of values in stored rows. */
  public List<Feature> features() {
    return features;
  }

  /** The position of a feature in {@link #features()}, or -1 when the view has no such feature. */
  public int featureIndex(String featureName) {
    Integer i = featureIndex.get(featureName);
    return i == null ? -1 : i;
  }

  public String description() {
    return description;
  }

  public String owner() {
    return owner;
  }

  public Map<String, String> tags() {
    return tags;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureView v
        && version == v.version
        && project.equals(v.project)
        && name.equals(v.name)
        && entities.equals(v.entities)
        && joinKeys.equals(v.joinKeys)
        && Objects.equals(source, v.source)
        && Objects.equals(ttl, v.ttl)
        && Objects.equals(freshnessSla, v.freshnessSla)
        && features.equals(v.features)
        && description.equals(v.description)
        && owner.equals(v.owner)
        && tags.equals(v.tags);
  }

  /** Hashes the identity only: views are map keys on the serving hot path. */
  @Override
  public int hashCode() {
    return Objects.hash(project, name, version);
  }

  @Override
  public String toString() {
    return "FeatureView[" + project + ":" + qualifiedName() + "]";
  }

  /** Builds a {@link FeatureView}; {@link #build()} checks the invariants. */
  public static final class Builder {
    private String project;
    private String name;
    private int version = 1;
    private List<String> entities = List.of();
    private List<JoinKey> joinKeys = List.of();
    private String source;
    private Duration ttl;
    private Duration freshnessSla;
    private List<Feature> features = List.of();
    private String description;
    private String owner;
    private Map<String, String> tags = Map.of();

    private Builder() {}

    public Builder project(String project) {
      this.project = project;
      return this;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder version(int version) {
      this.version = version;
      return this;
    }

    public Builder entities(List<String> entities) {
      this.entities = entities;
      return this;
    }

    public Builder joinKeys(List<JoinKey> joinKeys) {
      this.joinKeys = joinKeys;
      return this;
    }

    public Builder source(String source) {
      this.source = source;
      return this;
    }

    /** Null for values that never age out. */
    public Builder ttl(Duration ttl) {
      this.ttl = ttl;
      return this;
    }

    public Builder freshnessSla(Duration freshnessSla) {
      this.freshnessSla = freshnessSla;
      return this;
    }

    public Builder features(List<Feature> features) {
      this.features = features;
      return this;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    public Builder owner(String owner) {
      this.owner = owner;
      return this;
    }

    public Builder tags(Map<String, String> tags) {
      this.tags = tags;
      return this;
    }

    public FeatureView build() {
      return new FeatureView(this);
    }
  }
}
