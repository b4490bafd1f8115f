package dev.larder.pipelines.types;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.pipelines.transform.EntityKeys;
import dev.larder.pipelines.transform.Event;
import dev.larder.pipelines.transform.EventSets;
import dev.larder.pipelines.transform.FeatureRow;
import dev.larder.pipelines.transform.OrderedEntity;
import dev.larder.pipelines.transform.ViewProgram;
import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import dev.larder.registry.model.Aggregation;
import dev.larder.registry.model.AggregationFunction;
import dev.larder.registry.model.Feature;
import dev.larder.storage.offline.OfflineRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Records and state read back as written, and copies of mutable state share nothing. */
class PipelineTypesTest {

  private final ViewProgram program =
      ViewProgram.compile(
          EventSets.view(
              List.of(
                  EventSets.count("orders"),
                  new Feature("copy_amount", ValueType.DOUBLE, "amount", null, null, null),
                  new Feature(
                      "max_items",
                      ValueType.INT64,
                      null,
                      new Aggregation(AggregationFunction.MAX, "items", null),
                      null,
                      null))),
          EventSets.source(true));

  @Test
  void anOfflineRowReadsBackAsWritten() throws IOException {
    OfflineRow row =
        new OfflineRow(
            List.of(Value.newBuilder().setStringVal("c1").build()),
            1_000L,
            2_000L,
            List.of(
                Value.newBuilder().setInt64Val(3).build(),
                Value.getDefaultInstance(),
                Value.newBuilder().setDoubleVal(2.5).build()));

    assertThat(roundTrip(PipelineTypes.OFFLINE_ROW, row)).isEqualTo(row);
  }

  @Test
  void anOrderedEntityReadsBackAsWrittenAndGoesOnAlike() throws IOException {
    TypeInformation<OrderedEntity> type = PipelineTypes.orderedEntity(program);
    OrderedEntity entity = new OrderedEntity(program);
    entity.buffer(event("o1", 10, 2.0, 5));
    entity.buffer(event("o2", 20, null, 7));
    entity.applyUpTo(10, r -> {});
    entity.buffer(event("o3", 30, 4.0, 1));

    OrderedEntity read = roundTrip(type, entity);
    OrderedEntity copy = serializer(type).copy(entity);

    assertThat(read.pending()).isEqualTo(entity.pending());
    assertThat(copy.pending()).isEqualTo(entity.pending()).isNotSameAs(entity.pending());
    List<FeatureRow> fromEntity = new ArrayList<>();
    List<FeatureRow> fromRead = new ArrayList<>();
    List<FeatureRow> fromCopy = new ArrayList<>();
    entity.applyUpTo(30, fromEntity::add);
    read.applyUpTo(30, fromRead::add);
    copy.applyUpTo(30, fromCopy::add);
    assertThat(fromEntity)
        .containsExactly(
            new FeatureRow(List.of("c1"), 20_000L, Arrays.asList(2L, null, 7L)),
            new FeatureRow(List.of("c1"), 30_000L, Arrays.asList(3L, 4.0, 7L)));
    assertThat(fromRead).isEqualTo(fromEntity);
    assertThat(fromCopy).isEqualTo(fromEntity);
  }

  private static <T> TypeSerializer<T> serializer(TypeInformation<T> type) {
    return type.createSerializer(new SerializerConfigImpl());
  }

  private static <T> T roundTrip(TypeInformation<T> type, T value) throws IOException {
    TypeSerializer<T> s = serializer(type);
    DataOutputSerializer out = new DataOutputSerializer(64);
    s.serialize(value, out);
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    T read = s.deserialize(in);
    assertThat(in.available()).isZero();
    return read;
  }

  private static Event event(String id, long millis, Double amount, long items) {
    List<Object> cols = Arrays.asList(id, "c1", amount, items, "a", millis * 1_000L);
    return new Event(EntityKeys.encode(List.of("c1")), millis * 1_000L, id, cols, "f", 1);
  }
}
