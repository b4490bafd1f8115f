package dev.larder.registry.model;

import java.util.List;
import java.util.Objects;

/** A named list of features a model uses, with view versions pinned when it was applied. */
public record FeatureService(String name, List<FeatureRef> features, String description) {
  public FeatureService {
    Objects.requireNonNull(name, "name");
    features = List.copyOf(features);
    description = description == null ? "" : description;
  }
}
