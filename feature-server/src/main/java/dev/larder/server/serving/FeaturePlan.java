package dev.larder.server.serving;

import com.google.protobuf.ByteString;
import dev.larder.proto.serving.v1.GetOnlineFeaturesResponseMetadata;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.errors.InvalidArgumentException;
import dev.larder.registry.errors.InvalidEntityKeyException;
import dev.larder.registry.model.FeatureRef;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.registry.model.Project;
import dev.larder.registry.model.ResolvedFeature;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The resolved shape of an online read: which view versions to read, which feature of which view
 * goes to which output column, and the join keys the request must carry. Immutable.
 *
 * @param views the distinct view versions to read, in order of first use
 * @param columns one per requested feature, in request order
 * @param joinKeys every join key the views need, in order of first use, with its type
 * @param metadata the answer's metadata: the join keys, then the columns' names
 * @param encodedMetadata {@code metadata} in wire format, serialised once for every answer
 */
public record FeaturePlan(
    Project project,
    List<FeatureView> views,
    List<Column> columns,
    Map<String, ValueType> joinKeys,
    GetOnlineFeaturesResponseMetadata metadata,
    ByteString encodedMetadata) {

  /**
   * The declared type of an entity column of a request.
   *
   * @throws InvalidEntityKeyException when the column is not a join key of the planned views
   */
  public ValueType joinKeyType(String column) {
    ValueType type = joinKeys.get(column);
    if (type == null) {
      throw new InvalidEntityKeyException(
          "entities: '"
              + column
              + "' is not a join key of the requested features (expected "
              + String.join(", ", joinKeys.keySet())
              + ")");
    }
    return type;
  }

  /**
   * One output column.
   *
   * @param name the output name ({@code feature}, {@code view__feature}, or {@code
   *     view@vN__feature} when the request reads several versions of the view)
   * @param viewIndex position of the column's view in {@link #views()}
   * @param feature the feature and its position in the view's rows
   */
  public record Column(String name, int viewIndex, ResolvedFeature feature) {}

  /**
   * Resolves feature references against a project.
   *
   * @throws dev.larder.registry.errors.NotFoundException when a view, version or feature is unknown
   * @throws InvalidArgumentException when a reference is malformed, repeated, or two features would
   *     get the same output name
   */
  public static FeaturePlan resolve(Project project, List<FeatureRef> refs, boolean fullNames) {
    if (refs.isEmpty()) {
      throw new InvalidArgumentException("features: the request names no feature");
    }
    Map<FeatureView, Integer> viewIndex = new IdentityHashMap<>();
    List<FeatureView> views = new ArrayList<>();
    List<Column> columns = new ArrayList<>(refs.size());
    Map<String, ResolvedFeature> byName = new HashMap<>();
    List<ResolvedFeature> resolvedRefs = new ArrayList<>(refs.size());
    Map<String, Integer> versionOfView = new HashMap<>();
    Set<String> severalVersions = new HashSet<>();
    for (FeatureRef ref : refs) {
      ResolvedFeature resolved = project.resolve(ref);
      resolvedRefs.add(resolved);
      Integer other = versionOfView.putIfAbsent(resolved.view().name(), resolved.view().version());
      if (other != null && other != resolved.view().version()) {
        severalVersions.add(resolved.view().name());
      }
    }
    for (int r = 0; r < refs.size(); r++) {
      FeatureRef ref = refs.get(r);
      ResolvedFeature resolved = resolvedRefs.get(r);
      FeatureView view = resolved.view();
      // Full names carry the version only when the request reads two versions of one view.
      String name =
          fullNames
              ? (severalVersions.contains(view.name()) ? view.qualifiedName() : view.name())
                  + "__"
                  + ref.feature()
              : ref.feature();
      ResolvedFeature previous = byName.put(name, resolved);
      if (previous != null) {
        throw new InvalidArgumentException(
            previous.view() == view
                ? "features: '" + ref + "' is requested twice"
                : "features: '"
                    + name
                    + "' is requested from both "
                    + previous.view().qualifiedName()
                    + " and "
                    + view.qualifiedName()
                    + "; set full_feature_names to tell them apart");
      }
      Integer index = viewIndex.get(view);
      if (index == null) {
        index = views.size();
        viewIndex.put(view, index);
        views.add(view);
      }
      columns.add(new Column(name, index, resolved));
    }
    Map<String, ValueType> joinKeys = new LinkedHashMap<>();
    for (FeatureView view : views) {
      for (JoinKey key : view.joinKeys()) {
        ValueType previous = joinKeys.putIfAbsent(key.name(), key.type());
        if (previous != null && previous != key.type()) {
          throw new InvalidArgumentException(
              "features: join key '"
                  + key.name()
                  + "' is "
                  + previous
                  + " in one requested view and "
                  + key.type()
                  + " in "
                  + view.qualifiedName());
        }
      }
    }
    for (Column column : columns) {
      if (joinKeys.containsKey(column.name())) {
        throw new InvalidArgumentException(
            "features: '"
                + column.name()
                + "' is both a join key and a feature of "
                + column.feature().view().qualifiedName()
                + "; set full_feature_names to tell them apart");
      }
    }
    GetOnlineFeaturesResponseMetadata metadata =
        GetOnlineFeaturesResponseMetadata.newBuilder()
            .addAllFeatureNames(joinKeys.keySet())
            .addAllFeatureNames(columns.stream().map(Column::name).toList())
            .build();
    return new FeaturePlan(
        project,
        List.copyOf(views),
        List.copyOf(columns),
        Collections.unmodifiableMap(joinKeys),
        metadata,
        metadata.toByteString());
  }
}
