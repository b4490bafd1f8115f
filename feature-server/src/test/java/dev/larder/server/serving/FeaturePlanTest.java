package dev.larder.server.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.errors.InvalidArgumentException;
import dev.larder.registry.errors.UnknownFeatureException;
import dev.larder.registry.load.DefinitionLoader;
import dev.larder.registry.model.FeatureRef;
import dev.larder.registry.model.Project;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeaturePlanTest {

  private static final Project SHOP =
      new DefinitionLoader().load(Path.of("src/test/resources/definitions")).project("shop");

  private static FeaturePlan plan(boolean fullNames, String... refs) {
    return FeaturePlan.resolve(
        SHOP, List.of(refs).stream().map(FeatureRef::parse).toList(), fullNames);
  }

  @Test
  void viewsAndJoinKeysComeInOrderOfFirstUse() {
    FeaturePlan plan =
        plan(false, "merchant_stats:sales", "user_merchant:affinity", "user_profile:age");
    assertThat(plan.views())
        .extracting(v -> v.name())
        .containsExactly("merchant_stats", "user_merchant", "user_profile");
    assertThat(plan.joinKeys())
        .containsExactly(
            java.util.Map.entry("merchant_id", ValueType.INT64),
            java.util.Map.entry("user_id", ValueType.STRING));
    assertThat(plan.metadata().getFeatureNamesList())
        .containsExactly("merchant_id", "user_id", "sales", "affinity", "age");
    assertThat(plan.columns()).extracting(FeaturePlan.Column::viewIndex).containsExactly(0, 1, 2);
    assertThat(plan.columns().get(2).feature().index())
        .isEqualTo(SHOP.view("user_profile").featureIndex("age"));
  }

  @Test
  void pinnedAndNewestReferencesOfOneVersionShareAView() {
    FeaturePlan plan = plan(true, "user_profile@v1:age", "user_profile:score");
    assertThat(plan.views()).hasSize(1);
    assertThat(plan.metadata().getFeatureNamesList())
        .containsExactly("user_id", "user_profile__age", "user_profile__score");
  }

  @Test
  void aFeatureNamedLikeAnotherViewsJoinKeyNeedsFullNames() {
    assertThatThrownBy(() -> plan(false, "user_profile:merchant_id", "merchant_stats:sales"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("'merchant_id' is both a join key and a feature of user_profile@v1");
    assertThat(
            plan(true, "user_profile:merchant_id", "merchant_stats:sales")
                .metadata()
                .getFeatureNamesList())
        .containsExactly(
            "user_id", "merchant_id", "user_profile__merchant_id", "merchant_stats__sales");
  }

  @Test
  void repeatedFeaturesAreRefused() {
    assertThatThrownBy(() -> plan(false, "user_profile:age", "user_profile@v1:age"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("requested twice");
  }

  @Test
  void unknownFeaturesAreNamed() {
    assertThatThrownBy(() -> plan(false, "user_profile:height"))
        .isInstanceOf(UnknownFeatureException.class)
        .hasMessageContaining("'height'");
  }

  @Test
  void anEmptyListIsRefused() {
    assertThatThrownBy(() -> plan(false))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("names no feature");
  }
}
