package dev.larder.registry.model;

import dev.larder.registry.errors.InvalidFeatureReferenceException;
import java.util.Objects;

/**
 * A reference to a feature: {@code view:feature} (newest version) or {@code view@vN:feature}.
 *
 * @param version the pinned version, or 0 for the newest
 */
public record FeatureRef(String view, int version, String feature) {

  public FeatureRef {
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(feature, "feature");
    if (version < 0) {
      throw new IllegalArgumentException("version must be >= 0, was " + version);
    }
  }

  /**
   * Parses {@code view:feature} or {@code view@vN:feature}.
   *
   * @throws InvalidFeatureReferenceException naming the reference when it has another form
   */
  public static FeatureRef parse(String ref) {
    if (ref == null) {
      throw new InvalidFeatureReferenceException(
          "null", "expected view:feature or view@vN:feature");
    }
    int colon = ref.indexOf(':');
    if (colon <= 0 || colon == ref.length() - 1 || ref.indexOf(':', colon + 1) >= 0) {
      throw new InvalidFeatureReferenceException(ref, "expected view:feature or view@vN:feature");
    }
    String viewPart = ref.substring(0, colon);
    String feature = ref.substring(colon + 1);
    int at = viewPart.indexOf('@');
    if (at < 0) {
      return new FeatureRef(viewPart, 0, feature);
    }
    String view = viewPart.substring(0, at);
    String v = viewPart.substring(at + 1);
    if (view.isEmpty() || v.length() < 2 || v.charAt(0) != 'v') {
      throw new InvalidFeatureReferenceException(ref, "expected view@vN:feature with N >= 1");
    }
    int version;
    try {
      version = Integer.parseInt(v.substring(1));
    } catch (NumberFormatException e) {
      throw new InvalidFeatureReferenceException(ref, "version '" + v + "' is not vN");
    }
    if (version < 1) {
      throw new InvalidFeatureReferenceException(ref, "versions start at v1");
    }
    return new FeatureRef(view, version, feature);
  }

  public boolean pinned() {
    return version > 0;
  }

  @Override
  public String toString() {
    return pinned() ? view + "@v" + version + ":" + feature : view + ":" + feature;
  }
}
