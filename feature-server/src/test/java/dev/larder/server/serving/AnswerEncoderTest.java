package dev.larder.server.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.proto.serving.v1.FeatureVector;
import dev.larder.proto.serving.v1.FieldStatus;
import dev.larder.proto.serving.v1.GetOnlineFeaturesResponse;
import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.Feature;
import dev.larder.registry.model.FeatureRef;
import dev.larder.registry.model.FeatureView;
import dev.larder.registry.model.JoinKey;
import dev.larder.registry.model.Project;
import dev.larder.storage.online.OnlineRow;
import dev.larder.storage.online.StoredRow;
import dev.larder.storage.online.redis.StoredRows;
import dev.larder.testing.ValueArbitraries;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The encoder's bytes against the answer built as objects ({@link ObjectAnswer}), on random plans,
 * entities and stored rows: missing rows, short rows, nulls, every value kind, rows inside and
 * outside the ttl, rows from the fallback cache, features with and without defaults, full feature
 * names or not.
 */
class AnswerEncoderTest {

  private static final long NOW = 1_700_000_000_123_456L;
  private static final Duration TTL = Duration.ofHours(1);
  private static final long TTL_MICROS = TTL.toNanos() / 1_000;
  private static final List<JoinKey> JOIN_KEYS =
      List.of(new JoinKey("id", ValueType.INT64), new JoinKey("name", ValueType.STRING));

  @Property(tries = 1000)
  void theEncodedAnswerIsTheOneObjectsWouldGive(@ForAll Random random) throws Exception {
    FeaturePlan plan = plan(random);
    // Now and then an answer larger than the buffer it is written out through.
    int rows = random.nextInt(10) == 0 ? 200 + random.nextInt(200) : random.nextInt(5);
    Map<String, List<Value>> entities = new LinkedHashMap<>();
    plan.joinKeys().forEach((name, type) -> entities.put(name, draw(rows, type, random)));
    List<OnlineRow> stored = new ArrayList<>();
    for (FeatureView view : plan.views()) {
      for (int r = 0; r < rows; r++) {
        stored.add(random.nextInt(4) == 0 ? null : row(view, random));
      }
    }
    boolean objectForm = random.nextBoolean();
    List<StoredRow> read = stored.stream().map(row -> storedForm(row, objectForm)).toList();
    boolean stale = random.nextInt(4) == 0;
    StatusCounts counts = new StatusCounts(plan.views().size());

    EncodedAnswer answer = AnswerEncoder.encode(plan, entities, rows, read, stale, NOW, counts);
    byte[] encoded = answer.toByteArray();
    ByteArrayOutputStream streamed = new ByteArrayOutputStream();
    answer.writeTo(streamed);

    GetOnlineFeaturesResponse expected =
        ObjectAnswer.build(plan, entities, rows, stored, stale, NOW);
    assertThat(GetOnlineFeaturesResponse.parseFrom(encoded)).isEqualTo(expected);
    assertThat(encoded).as("the bytes protobuf writes").isEqualTo(expected.toByteArray());
    assertThat(answer.size()).isEqualTo(encoded.length);
    assertThat(streamed.toByteArray()).as("written to a stream").isEqualTo(encoded);
    long[][] expectedCounts = new long[plan.views().size()][FieldStatus.values().length];
    int first = plan.joinKeys().size();
    for (int c = 0; c < plan.columns().size(); c++) {
      FeatureVector vector = expected.getResults(first + c);
      for (FieldStatus status : vector.getStatusesList()) {
        expectedCounts[plan.columns().get(c).viewIndex()][status.getNumber()]++;
      }
    }
    for (int v = 0; v < plan.views().size(); v++) {
      for (FieldStatus status : StatusCounts.STATUSES) {
        assertThat(counts.count(v, status))
            .as("%s values of view %d", status, v)
            .isEqualTo(expectedCounts[v][status.getNumber()]);
      }
    }
  }

  /** The row as Redis returns it, or as the offline store's rows are served. */
  private static StoredRow storedForm(OnlineRow row, boolean objectForm) {
    if (row == null) {
      return null;
    }
    return objectForm ? StoredRow.of(row) : StoredRows.stored(row);
  }

  /** One to three views with random join keys, ttl, features and defaults; some features asked. */
  private static FeaturePlan plan(Random random) {
    List<FeatureView> views = new ArrayList<>();
    List<FeatureRef> refs = new ArrayList<>();
    for (int v = random.nextInt(3); v >= 0; v--) {
      List<JoinKey> joinKeys = new ArrayList<>(JOIN_KEYS);
      Collections.shuffle(joinKeys, random);
      List<Feature> features = new ArrayList<>();
      for (int f = random.nextInt(4); f >= 0; f--) {
        ValueType type = draw(ValueArbitraries.featureTypes(), random);
        Value fallback =
            random.nextInt(3) == 0 ? draw(ValueArbitraries.valuesOf(type), random) : null;
        String name = "v" + v + "f" + f;
        features.add(new Feature(name, type, null, null, fallback, ""));
        refs.add(FeatureRef.parse("view" + v + ":" + name));
      }
      views.add(
          FeatureView.builder()
              .project("p")
              .name("view" + v)
              .joinKeys(joinKeys.subList(0, 1 + random.nextInt(joinKeys.size())))
              .ttl(random.nextBoolean() ? TTL : null)
              .features(features)
              .build());
    }
    Collections.shuffle(refs, random);
    Project project = new Project("p", List.of(), List.of(), views, List.of());
    return FeaturePlan.resolve(
        project, refs.subList(0, 1 + random.nextInt(refs.size())), random.nextBoolean());
  }

  /**
   * A row of any age (exactly the ttl, just past it, far past, in the future), of full length or
   * shorter (written before features were added), with values of any kind, nulls among them.
   */
  private static OnlineRow row(FeatureView view, Random random) {
    long event =
        switch (random.nextInt(6)) {
          case 0 -> NOW - TTL_MICROS;
          case 1 -> NOW - TTL_MICROS - 1;
          case 2 -> NOW - random.nextInt(1_000_000);
          case 3 -> NOW + random.nextInt(1_000_000);
          case 4 -> random.nextLong();
          default -> random.nextInt(3) - 1;
        };
    int count = view.features().size();
    if (random.nextInt(5) == 0) {
      count = random.nextInt(count);
    }
    List<Value> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      values.add(draw(ValueArbitraries.values(), random));
    }
    return new OnlineRow(event, random.nextLong(), values);
  }

  private static List<Value> draw(int rows, ValueType type, Random random) {
    List<Value> values = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      values.add(draw(ValueArbitraries.valuesOf(type), random));
    }
    return values;
  }

  private static <T> T draw(Arbitrary<T> arbitrary, Random random) {
    return arbitrary.generator(100).next(random).value();
  }
}
