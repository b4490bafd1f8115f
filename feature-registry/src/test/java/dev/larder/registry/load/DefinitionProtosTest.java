package dev.larder.registry.load;

import static dev.larder.registry.testing.DefinitionFiles.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.larder.proto.registry.v1.ProjectDefinitions;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.errors.InvalidArgumentException;
import dev.larder.registry.model.FeatureCatalog;
import dev.larder.registry.model.Project;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DefinitionProtosTest {

  private final FeatureCatalog catalog = new DefinitionLoader().load(resource("definitions/valid"));

  @Test
  void everyProjectSurvivesARoundTripThroughTheWireFormat() throws InvalidProtocolBufferException {
    for (Project p : catalog.projects()) {
      byte[] wire = DefinitionProtos.toProto(p).toByteArray();
      Project back = DefinitionProtos.fromProto(ProjectDefinitions.parseFrom(wire));
      assertThat(back.name()).isEqualTo(p.name());
      assertThat(back.entities()).isEqualTo(p.entities());
      assertThat(back.sources()).isEqualTo(p.sources());
      assertThat(back.allViews()).isEqualTo(p.allViews());
      assertThat(back.featureServices()).isEqualTo(p.featureServices());
    }
  }

  @Test
  void theProtoHoldsTheDefinitionsAsTheRegistryStoresThem() {
    ProjectDefinitions proto = DefinitionProtos.toProto(catalog.project("shop"));
    assertThat(proto.getProject()).isEqualTo("shop");
    assertThat(proto.getFeatureServices(0).getFeaturesList())
        .startsWith("customer_purchases@v2:purchase_count_7d");
    var view =
        proto.getFeatureViewsList().stream()
            .filter(v -> v.getName().equals("customer_purchases"))
            .findFirst()
            .orElseThrow();
    assertThat(view.getVersion()).isEqualTo(2);
    assertThat(view.getTtl().getSeconds()).isEqualTo(Duration.ofDays(30).toSeconds());
    assertThat(view.getFeatures(0).getHasDefault()).isTrue();
    assertThat(view.getFeatures(0).getAggregation().getWindow().getSeconds())
        .isEqualTo(Duration.ofDays(7).toSeconds());
    assertThat(view.getFeatures(1).getHasDefault()).isFalse();
    assertThat(proto.getSources(0).getSchema(3).getType()).isEqualTo(ValueType.INT64);
  }

  @Test
  void aViewOfAnUnknownEntityIsRefused() {
    ProjectDefinitions proto =
        DefinitionProtos.toProto(catalog.project("ads")).toBuilder().clearEntities().build();
    assertThatThrownBy(() -> DefinitionProtos.fromProto(proto))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("feature view campaign_budget names entity 'campaign', which is not defined");
  }
}
