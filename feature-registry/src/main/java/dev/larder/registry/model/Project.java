package dev.larder.registry.model;

import dev.larder.registry.errors.UnknownFeatureException;
import dev.larder.registry.errors.UnknownFeatureServiceException;
import dev.larder.registry.errors.UnknownFeatureViewException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Every definition of one project: entities, sources, feature views (all versions), services.
 * Immutable and thread-safe; lookups are hash-map reads, cheap enough for the serving hot path.
 */
public final class Project {

  private final String name;
  private final Map<String, Entity> entities;
  private final Map<String, Source> sources;
  private final Map<String, NavigableMap<Integer, FeatureView>> views;
  private final Map<String, FeatureService> services;

  public Project(
      String name,
      List<Entity> entities,
      List<Source> sources,
      List<FeatureView> views,
      List<FeatureService> services) {
    this.name = Objects.requireNonNull(name, "name");
    this.entities = index(entities, Entity::name);
    this.sources = index(sources, Source::name);
    this.services = index(services, FeatureService::name);
    Map<String, NavigableMap<Integer, FeatureView>> byName = new LinkedHashMap<>();
    for (FeatureView v : views) {
      if (!v.project().equals(name)) {
        throw new IllegalArgumentException(v + " does not belong to project " + name);
      }
      if (byName.computeIfAbsent(v.name(), k -> new TreeMap<>()).put(v.version(), v) != null) {
        throw new IllegalArgumentException("feature view " + v.qualifiedName() + " is given twice");
      }
    }
    byName.replaceAll((k, m) -> Collections.unmodifiableNavigableMap(m));
    this.views = Collections.unmodifiableMap(byName);
  }

  private static <T> Map<String, T> index(List<T> items, Function<T, String> key) {
    Map<String, T> map = new LinkedHashMap<>();
    for (T item : items) {
      if (map.put(key.apply(item), item) != null) {
        throw new IllegalArgumentException("'" + key.apply(item) + "' is defined twice");
      }
    }
    return Collections.unmodifiableMap(map);
  }

  public String name() {
    return name;
  }

  public Map<String, Entity> entities() {
    return entities;
  }

  public Map<String, Source> sources() {
    return sources;
  }

  public Map<String, FeatureService> featureServices() {
    return services;
  }

  /** The newest version of every view, in definition order. */
  public List<FeatureView> latestViews() {
    List<FeatureView> latest = new ArrayList<>(views.size());
    views.values().forEach(m -> latest.add(m.lastEntry().getValue()));
    return latest;
  }

  /** Every version of every view. */
  public List<FeatureView> allViews() {
    List<FeatureView> all = new ArrayList<>();
    views.values().forEach(m -> all.addAll(m.values()));
    return all;
  }

  /**
   * Returns a view version.
   *
   * @param version the version, or 0 for the newest
   * @throws UnknownFeatureViewException naming the view (and version) when there is none
   */
  public FeatureView view(String viewName, int version) {
    NavigableMap<Integer, FeatureView> versions = views.get(viewName);
    if (versions == null) {
      throw new UnknownFeatureViewException(
          "project " + name + " has no feature view '" + viewName + "'");
    }
    if (version == 0) {
      return versions.lastEntry().getValue();
    }
    FeatureView v = versions.get(version);
    if (v == null) {
      throw new UnknownFeatureViewException(
          "feature view '"
              + viewName
              + "' of project "
              + name
              + " has no version v"
              + version
              + " (versions: "
              + versions.keySet()
              + ")");
    }
    return v;
  }

  /**
   * Parses a view reference {@code view} or {@code view@vN} and returns that view version.
   *
   * @throws UnknownFeatureViewException when there is no such view or version
   */
  public FeatureView view(String reference) {
    int at = reference.indexOf('@');
    if (at < 0) {
      return view(reference, 0);
    }
    String v = reference.substring(at + 1);
    int version;
    try {
      version = v.startsWith("v") ? Integer.parseInt(v.substring(1)) : -1;
    } catch (NumberFormatException e) {
      version = -1;
    }
    if (version < 1) {
      throw new UnknownFeatureViewException(
          "invalid feature view reference '" + reference + "': expected view or view@vN");
    }
    return view(reference.substring(0, at), version);
  }

  /**
   * Resolves a feature reference to its view version and position.
   *
   * @throws UnknownFeatureViewException when the view or version does not exist
   * @throws UnknownFeatureException when the view has no such feature
   */
  public ResolvedFeature resolve(FeatureRef ref) {
    FeatureView v = view(ref.view(), ref.version());
    int index = v.featureIndex(ref.feature());
    if (index < 0) {
      throw new UnknownFeatureException(
          "feature view '"
              + v.qualifiedName()
              + "' of project "
              + name
              + " has no feature '"
              + ref.feature()
              + "'");
    }
    return new ResolvedFeature(v, index);
  }

  /**
   * Returns a feature service.
   *
   * @throws UnknownFeatureServiceException naming it when there is none
   */
  public FeatureService featureService(String serviceName) {
    FeatureService s = services.get(serviceName);
    if (s == null) {
      throw new UnknownFeatureServiceException(
          "project " + name + " has no feature service '" + serviceName + "'");
    }
    return s;
  }
}
