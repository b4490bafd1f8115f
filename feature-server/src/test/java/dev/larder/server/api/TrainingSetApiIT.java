package dev.larder.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.proto.types.v1.Value;
import dev.larder.registry.model.FeatureView;
import dev.larder.server.ServingTestSupport;
import dev.larder.server.ServingTestSupport.RestAnswer;
import dev.larder.server.config.CatalogHolder;
import dev.larder.storage.offline.OfflineRow;
import dev.larder.storage.offline.TransactionId;
import dev.larder.storage.offline.delta.DeltaOfflineStoreOptions;
import dev.larder.storage.offline.delta.DeltaOfflineStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** POST /training-sets/v1 on a whole server over real HTTP, reading real Delta tables. */
class TrainingSetApiIT extends ServerIT {

  @TempDir static Path offline;

  @DynamicPropertySource
  static void offlineRoot(DynamicPropertyRegistry registry) {
    registry.add("larder.offline.root", () -> offline.resolve("tables").toString());
    registry.add("larder.offline.training-sets", () -> offline.resolve("out").toString());
  }

  @Autowired CatalogHolder catalog;

  @Test
  void makesATrainingSetAndSaysWhereItIs() throws Exception {
    FeatureView view = catalog.get().project("shop").view("user_profile");
    List<Value> values =
        new ArrayList<>(Collections.nCopies(view.features().size(), Value.getDefaultInstance()));
    values.set(0, Value.newBuilder().setInt32Val(34).build());
    long t = 1_795_000_000_000_000L;
    DeltaOfflineStores.open(
            DeltaOfflineStoreOptions.builder().root(offline.resolve("tables")).build())
        .append(
            view,
            List.of(new OfflineRow(List.of(ServingTestSupport.str("u1")), t, t, values)),
            new TransactionId("test", 1));
    Path entities = offline.resolve("entities.csv");
    Files.writeString(
        entities,
        "user_id,event_timestamp,label\nu1,2026-11-18T11:30:00Z,1\nu2,2026-11-18T08:00:00Z,0\n");

    try (ServingTestSupport api = new ServingTestSupport(grpcServer.port(), httpPort)) {
      RestAnswer made =
          api.post(
              "/training-sets/v1",
              """
              {"entities": "%s", "features": ["user_profile:age"], "format": "csv"}
              """
                  .formatted(entities));
      RestAnswer unknown =
          api.post(
              "/training-sets/v1",
              """
              {"entities": "%s", "features": ["user_profile:nope"]}
              """
                  .formatted(entities));
      RestAnswer colliding =
          api.post(
              "/training-sets/v1",
              """
              {"entities": "%s", "features": ["user_profile:age"], "engine": "spark"}
              """
                  .formatted(entities));

      assertThat(made.status()).isEqualTo(200);
      assertThat(made.body().get("rows").asLong()).isEqualTo(2);
      assertThat(made.body().get("views").get(0).get("table_version").asLong()).isZero();
      assertThat(made.body().get("views").get(0).get("features").toString()).isEqualTo("[\"age\"]");
      Path out = Path.of(made.body().get("output").asText());
      assertThat(out).startsWith(offline.resolve("out"));
      assertThat(Files.readAllLines(out, StandardCharsets.UTF_8))
          .containsExactly(
              "user_id,event_timestamp,label,age",
              "u1,2026-11-18T11:30:00Z,1,34",
              "u2,2026-11-18T08:00:00Z,0,");
      assertThat(Path.of(made.body().get("lineage").asText())).exists();
      assertThat(unknown.status()).isEqualTo(404);
      assertThat(unknown.body().get("error").get("message").asText()).contains("'nope'");
      assertThat(colliding.status()).isEqualTo(400);
      assertThat(colliding.body().get("error").get("message").asText())
          .contains("engine: the server runs the local engine");
    }
  }
}
