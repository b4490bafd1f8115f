package dev.larder.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.larder.proto.registry.v1.ApplyRequest;
import dev.larder.registry.MaterializedInterval;
import dev.larder.registry.Registry;
import dev.larder.registry.RevisionRecord;
import dev.larder.registry.client.HttpRegistry;
import dev.larder.registry.client.RegistryApi;
import dev.larder.registry.diff.ChangeKind;
import dev.larder.registry.diff.ChangePlan;
import dev.larder.registry.diff.ObjectKind;
import dev.larder.registry.errors.BreakingChangeException;
import dev.larder.registry.errors.InvalidArgumentException;
import dev.larder.registry.errors.RegistryConflictException;
import dev.larder.registry.load.DefinitionLoader;
import dev.larder.registry.load.DefinitionProtos;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.Project;
import dev.larder.registry.store.Registries;
import dev.larder.server.ServingTestSupport;
import dev.larder.server.ServingTestSupport.RestAnswer;
import dev.larder.server.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry REST API through its Java client: the same answers as the database behind it, and
 * the same errors a database registry throws.
 */
class RegistryApiIT extends ServerIT {

  @TempDir Path dir;
  Registry http;
  Registry database;

  @BeforeEach
  void open() {
    http = new HttpRegistry("http://127.0.0.1:" + httpPort);
    database = Registries.open(registryUrl());
  }

  @AfterEach
  void close() {
    http.close();
    database.close();
  }

  private Project shopWith(String change) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("shop-" + System.nanoTime()));
    String yaml = Files.readString(TestRegistry.DEFINITIONS.resolve("shop.yaml"));
    assertThat(yaml).contains("    ttl: 1h\n");
    Files.writeString(folder.resolve("shop.yaml"), yaml.replace("    ttl: 1h\n", change));
    return new DefinitionLoader().load(folder).project("shop");
  }

  @Test
  void readsAnswerWhatTheDatabaseHolds() {
    assertThat(http.revisions()).isEqualTo(database.revisions());
    assertThat(http.project("shop").orElseThrow().project().allViews())
        .isEqualTo(database.project("shop").orElseThrow().project().allViews());
    assertThat(http.project("nope")).isEmpty();
    assertThat(http.history("shop", ObjectKind.FEATURE_VIEW, "user_profile"))
        .isEqualTo(database.history("shop", ObjectKind.FEATURE_VIEW, "user_profile"));
  }

  @Test
  void appliesLandInTheDatabaseAndStalePlansAreRefused() throws Exception {
    long before = database.revisions().get("shop");
    ChangePlan stale = http.plan(shopWith("    ttl: 3h\n"), false);
    long after = http.apply(http.plan(shopWith("    ttl: 2h\n"), false), "api-test");

    assertThat(after).isEqualTo(before + 1);
    FeatureView stored = database.project("shop").orElseThrow().project().view("user_profile", 1);
    assertThat(stored.ttl()).contains(Duration.ofHours(2));
    RevisionRecord last =
        database.history("shop", ObjectKind.FEATURE_VIEW, "user_profile").stream()
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(last.change()).isEqualTo(ChangeKind.UPDATE);
    assertThat(last.appliedBy()).isEqualTo("api-test");
    assertThat(last.diff()).containsExactly("ttl: 1h -> 2h");
    assertThatThrownBy(() -> http.apply(stale, "api-test"))
        .isInstanceOf(RegistryConflictException.class)
        .hasMessageContaining("planned at revision " + before);
  }

  @Test
  void theServerRefusesBreakingChangesItselfNamingEveryField() throws Exception {
    Project shop = shopWith("    ttl: 1h\n");
    long base = database.revisions().get("shop");
    Project withoutTwoFeatures =
        new Project(
            "shop",
            List.copyOf(shop.entities().values()),
            List.copyOf(shop.sources().values()),
            shop.allViews().stream()
                .map(
                    v ->
                        v.name().equals("user_profile")
                            ? v.toBuilder().features(v.features().subList(0, 5)).build()
                            : v)
                .toList(),
            List.of());
    ApplyRequest request =
        ApplyRequest.newBuilder()
            .setDefinitions(DefinitionProtos.toProto(withoutTwoFeatures))
            .setBaseRevision(base)
            .setAppliedBy("raw")
            .build();

    try (ServingTestSupport api = new ServingTestSupport(grpcServer.port(), httpPort)) {
      RestAnswer answer =
          api.post(RegistryApi.BASE_PATH + "/projects/shop/apply", RegistryApi.json(request));

      assertThat(answer.status()).isEqualTo(400);
      JsonNode body = answer.body();
      assertThat(body.get("code").asText()).isEqualTo("FAILED_PRECONDITION");
      assertThat(body.get("breaking_fields"))
          .extracting(JsonNode::asText)
          .containsExactly(
              "user_profile@v1 features.last_seen: - TIMESTAMP",
              "user_profile@v1 features.merchant_id: - INT64");
    }
    assertThat(database.revisions().get("shop")).isEqualTo(base);
    BreakingChangeException refused =
        catchThrowableOfType(
            BreakingChangeException.class,
            () -> http.apply(http.plan(withoutTwoFeatures, true), "client"));
    assertThat(refused.fields()).hasSize(2);
  }

  @Test
  void materializationsRecordedThroughTheApiAreTheDatabasesAndBadIntervalsAreRefused() {
    Instant start = Instant.parse("2026-11-20T00:00:00Z");
    Instant end = Instant.parse("2026-11-21T00:00:00.000001Z");

    MaterializedInterval recorded =
        http.recordMaterialization("shop", "user_profile", 1, start, end, 42, "api-test");

    assertThat(recorded.start()).isEqualTo(start);
    assertThat(recorded.end()).isEqualTo(end);
    assertThat(recorded.rowsWritten()).isEqualTo(42);
    assertThat(recorded.materializedBy()).isEqualTo("api-test");
    assertThat(http.materializations("shop", "user_profile", 1))
        .isEqualTo(database.materializations("shop", "user_profile", 1))
        .containsExactly(recorded);
    assertThat(http.materializations("shop", "user_profile", 9)).isEmpty();
    assertThatThrownBy(
            () -> http.recordMaterialization("shop", "user_profile", 1, end, start, 1, "api-test"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("must be before end");
  }
}
