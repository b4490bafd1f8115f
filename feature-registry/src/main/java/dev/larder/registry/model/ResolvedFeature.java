package dev.larder.registry.model;

/** A feature reference resolved to a view version and the feature's position in its rows. */
public record ResolvedFeature(FeatureView view, int index) {
  public Feature feature() {
    return view.features().get(index);
  }
}
