package dev.larder.storage.training;

import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.errors.InvalidArgumentException;
import dev.larder.registry.model.FeatureRef;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.registry.model.Project;
import dev.larder.registry.model.ResolvedFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The resolved shape of a training set: the view versions to read with the features of each, the
 * output's feature columns in request order, and the join keys the entity file must carry.
 * Immutable.
 *
 * @param views the view versions read, in order of first use
 * @param columns the feature columns, in request order
 * @param joinKeys every join key of the views, with its declared type
 */
record TrainingSetPlan(
    List<ViewPart> views, List<FeatureColumn> columns, Map<String, ValueType> joinKeys) {

  /**
   * One view version and the features read from it.
   *
   * @param features positions in {@code view.features()}, in order of first use
   */
  record ViewPart(FeatureView view, int[] features) {
    List<String> featureNames() {
      List<String> names = new ArrayList<>();
      for (int f : features) {
        names.add(view.features().get(f).name());
      }
      return names;
    }
  }

  /**
   * One output column of feature values.
   *
   * @param name its name in the output
   * @param view position of its view in {@link #views()}
   * @param slot position of the feature among that view part's {@code features}
   * @param type the feature's type
   */
  record FeatureColumn(String name, int view, int slot, ValueType type) {}

  /**
   * Resolves references against a project. Column names are the feature names, or {@code
   * view__feature} with full names ({@code view@vN__feature} when two versions of a view are read).
   *
   * @throws dev.larder.registry.errors.NotFoundException when a view, version or feature is unknown
   * @throws InvalidArgumentException when two columns would get the same name, or two views declare
   *     one join key with different types
   */
  static TrainingSetPlan resolve(Project project, List<FeatureRef> refs, boolean fullNames) {
    List<ResolvedFeature> resolved = refs.stream().map(project::resolve).toList();
    Set<String> multiVersion =
        resolved.stream()
            .map(ResolvedFeature::view)
            .distinct()
            .collect(Collectors.groupingBy(FeatureView::name, Collectors.counting()))
            .entrySet()
            .stream()
            .filter(e -> e.getValue() > 1)
            .map(Map.Entry::getKey)
            .collect(Collectors.toSet());
    List<FeatureView> views = new ArrayList<>();
    List<List<Integer>> featuresOfView = new ArrayList<>();
    List<FeatureColumn> columns = new ArrayList<>();
    Map<String, FeatureRef> names = new LinkedHashMap<>();
    for (int r = 0; r < refs.size(); r++) {
      ResolvedFeature feature = resolved.get(r);
      FeatureView view = feature.view();
      String prefix = multiVersion.contains(view.name()) ? view.qualifiedName() : view.name();
      String name = fullNames ? prefix + "__" + feature.feature().name() : feature.feature().name();
      FeatureRef earlier = names.putIfAbsent(name, refs.get(r));
      if (earlier != null) {
        throw new InvalidArgumentException(
            "features: '"
                + refs.get(r)
                + "' and '"
                + earlier
                + "' would both be column '"
                + name
                + "'"
                + (fullNames ? "" : "; ask for full feature names (view__feature)"));
      }
      int v = views.indexOf(view);
      if (v < 0) {
        v = views.size();
        views.add(view);
        featuresOfView.add(new ArrayList<>());
      }
      List<Integer> slots = featuresOfView.get(v);
      int slot = slots.indexOf(feature.index());
      if (slot < 0) {
        slot = slots.size();
        slots.add(feature.index());
      }
      columns.add(new FeatureColumn(name, v, slot, feature.feature().type()));
    }
    List<ViewPart> parts = new ArrayList<>();
    Map<String, ValueType> joinKeys = new LinkedHashMap<>();
    for (int v = 0; v < views.size(); v++) {
      parts.add(
          new ViewPart(
              views.get(v), featuresOfView.get(v).stream().mapToInt(Integer::intValue).toArray()));
      for (JoinKey key : views.get(v).joinKeys()) {
        ValueType other = joinKeys.putIfAbsent(key.name(), key.type());
        if (other != null && other != key.type()) {
          throw new InvalidArgumentException(
              "features: join key '"
                  + key.name()
                  + "' is "
                  + other
                  + " in one view and "
                  + key.type()
                  + " in "
                  + views.get(v).qualifiedName());
        }
      }
    }
    return new TrainingSetPlan(parts, columns, joinKeys);
  }
}
