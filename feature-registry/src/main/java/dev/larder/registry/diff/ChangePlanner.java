package dev.larder.registry.diff;

import dev.larder.registry.errors.InvalidDefinitionException;
import dev.larder.registry.errors.LarderException;
import dev.larder.registry.model.Entity;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureRef;
import dev.larder.registry.model.FeatureService;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.Project;
import dev.larder.registry.model.Source;
import dev.larder.registry.validate.DefinitionProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Works out what applying a folder of definitions to a registered project does (DESIGN §3).
 *
 * <p>Objects in the folder are created or updated; registered objects the folder does not mention
 * are kept — older versions of a view keep serving the models pinned to them — unless {@code prune}
 * is set, which deletes the objects whose names the folder no longer has. An update of a view keeps
 * the registered order of its features and appends new ones, because stored rows hold values in
 * that order. Stateless and thread-safe.
 */
public final class ChangePlanner {

  private ChangePlanner() {}

  /**
   * Plans an apply.
   *
   * @param current the registered project, or null when it is new
   * @param baseRevision the revision of {@code current}; 0 when it is new
   * @param desired the project as the folder defines it (already validated on its own)
   * @param prune whether to delete registered objects whose names the folder does not have
   * @throws InvalidDefinitionException when the result would be inconsistent, e.g. a kept view
   *     names an entity that the folder no longer has
   */
  public static ChangePlan plan(
      Project current, long baseRevision, Project desired, boolean prune) {
    Project before =
        current != null
            ? current
            : new Project(desired.name(), List.of(), List.of(), List.of(), List.of());
    List<ObjectChange> changes = new ArrayList<>();
    List<String> kept = new ArrayList<>();

    Map<String, Entity> entities =
        merge(
            ObjectKind.ENTITY,
            before.entities(),
            desired.entities(),
            prune,
            changes,
            kept,
            DefinitionFields::of);
    Map<String, Source> sources =
        merge(
            ObjectKind.SOURCE,
            before.sources(),
            desired.sources(),
            prune,
            changes,
            kept,
            DefinitionFields::of);
    List<FeatureView> views = mergeViews(before, desired, prune, changes, kept);
    Map<String, FeatureService> services =
        merge(
            ObjectKind.FEATURE_SERVICE,
            before.featureServices(),
            desired.featureServices(),
            prune,
            changes,
            kept,
            DefinitionFields::of);

    Project result;
    try {
      result =
          new Project(
              desired.name(),
              List.copyOf(entities.values()),
              List.copyOf(sources.values()),
              views,
              List.copyOf(services.values()));
    } catch (IllegalArgumentException e) {
      throw new LarderException("project " + desired.name() + ": " + e.getMessage(), e);
    }
    checkReferences(result);
    return new ChangePlan(desired.name(), baseRevision, changes, kept, result);
  }

  private static <T> Map<String, T> merge(
      ObjectKind kind,
      Map<String, T> registered,
      Map<String, T> folder,
      boolean prune,
      List<ObjectChange> changes,
      List<String> kept,
      Function<T, Map<String, String>> fields) {
    Map<String, T> result = new LinkedHashMap<>(registered);
    for (Map.Entry<String, T> e : folder.entrySet()) {
      T old = registered.get(e.getKey());
      change(
              kind,
              e.getKey(),
              0,
              old == null ? null : fields.apply(old),
              fields.apply(e.getValue()))
          .ifPresent(changes::add);
      result.put(e.getKey(), e.getValue());
    }
    for (Map.Entry<String, T> e : registered.entrySet()) {
      if (folder.containsKey(e.getKey())) {
        continue;
      }
      if (prune) {
        result.remove(e.getKey());
        changes.add(deletion(kind, e.getKey(), 0, fields.apply(e.getValue())));
      } else {
        kept.add(kind.label() + " " + e.getKey());
      }
    }
    return result;
  }

  private static List<FeatureView> mergeViews(
      Project registered,
      Project folder,
      boolean prune,
      List<ObjectChange> changes,
      List<String> kept) {
    Map<String, FeatureView> result = new LinkedHashMap<>();
    registered.allViews().forEach(v -> result.put(v.qualifiedName(), v));
    Set<String> folderNames =
        folder.allViews().stream().map(FeatureView::name).collect(Collectors.toSet());
    Set<String> folderVersions =
        folder.allViews().stream().map(FeatureView::qualifiedName).collect(Collectors.toSet());
    for (FeatureView v : folder.allViews()) {
      FeatureView old = result.get(v.qualifiedName());
      FeatureView merged = old == null ? v : keepFeatureOrder(old, v);
      change(
              ObjectKind.FEATURE_VIEW,
              v.name(),
              v.version(),
              old == null ? null : DefinitionFields.of(old),
              DefinitionFields.of(merged))
          .ifPresent(changes::add);
      result.put(v.qualifiedName(), merged);
    }
    for (FeatureView v : registered.allViews()) {
      if (folderNames.contains(v.name())) {
        if (!folderVersions.contains(v.qualifiedName())) {
          kept.add(ObjectKind.FEATURE_VIEW.label() + " " + v.qualifiedName());
        }
      } else if (prune) {
        result.remove(v.qualifiedName());
        changes.add(
            deletion(ObjectKind.FEATURE_VIEW, v.name(), v.version(), DefinitionFields.of(v)));
      } else {
        kept.add(ObjectKind.FEATURE_VIEW.label() + " " + v.qualifiedName());
      }
    }
    return List.copyOf(result.values());
  }

  /** The folder's view with the registered features first, in their stored order. */
  private static FeatureView keepFeatureOrder(FeatureView registered, FeatureView folder) {
    List<Feature> ordered = new ArrayList<>(folder.features().size());
    for (Feature f : registered.features()) {
      int i = folder.featureIndex(f.name());
      if (i >= 0) {
        ordered.add(folder.features().get(i));
      }
    }
    for (Feature f : folder.features()) {
      if (registered.featureIndex(f.name()) < 0) {
        ordered.add(f);
      }
    }
    return folder.toBuilder().features(ordered).build();
  }

  private static Optional<ObjectChange> change(
      ObjectKind kind,
      String name,
      int version,
      Map<String, String> before,
      Map<String, String> after) {
    boolean view = kind == ObjectKind.FEATURE_VIEW;
    if (before == null) {
      return Optional.of(
          new ObjectChange(
              kind,
              name,
              version,
              ChangeKind.CREATE,
              DefinitionFields.diff(Map.of(), after, view),
              ContentHash.of(after)));
    }
    List<FieldChange> fields = DefinitionFields.diff(before, after, view);
    return fields.isEmpty()
        ? Optional.empty()
        : Optional.of(
            new ObjectChange(
                kind, name, version, ChangeKind.UPDATE, fields, ContentHash.of(after)));
  }

  private static ObjectChange deletion(
      ObjectKind kind, String name, int version, Map<String, String> before) {
    return new ObjectChange(
        kind,
        name,
        version,
        ChangeKind.DELETE,
        DefinitionFields.diff(before, Map.of(), kind == ObjectKind.FEATURE_VIEW),
        "");
  }

  /** Every view's entities and source, and every service's features, exist in the result. */
  private static void checkReferences(Project p) {
    List<DefinitionProblem> problems = new ArrayList<>();
    for (FeatureView v : p.allViews()) {
      String path = "feature_views." + v.qualifiedName();
      for (String e : v.entities()) {
        if (!p.entities().containsKey(e)) {
          problems.add(problem(path + ".entities", "entity '" + e + "' would no longer exist"));
        }
      }
      if (v.source() != null && !p.sources().containsKey(v.source())) {
        problems.add(
            problem(path + ".source", "source '" + v.source() + "' would no longer exist"));
      }
    }
    for (FeatureService s : p.featureServices().values()) {
      for (FeatureRef ref : s.features()) {
        try {
          p.resolve(ref);
        } catch (LarderException e) {
          problems.add(problem("feature_services." + s.name(), e.getMessage()));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidDefinitionException(problems);
    }
  }

  private static DefinitionProblem problem(String path, String message) {
    return new DefinitionProblem("(registry)", 0, path, message);
  }
}
