package dev.larder.pipelines.types;

import dev.larder.pipelines.transform.EntityAggregator;
import dev.larder.pipelines.transform.Event;
import dev.larder.pipelines.transform.FeatureRow;
import dev.larder.pipelines.transform.OrderedEntity;
import dev.larder.pipelines.transform.ViewProgram;
import dev.larder.proto.types.v1.Value;
import dev.larder.storage.offline.OfflineRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * The type information of the pipelines' records and state. Using it (in {@code returns}, {@code
 * process(…, type)}, state descriptors) keeps Flink off Kryo: records are written field by field,
 * values with a one-byte type tag.
 */
public final class PipelineTypes {

  /** Parsed events, as they move between the parse, dedup and aggregation steps. */
  public static final TypeInformation<Event> EVENT = new CodecTypeInfo<>(Event.class, new Events());

  /** Computed feature rows, on their way to the sinks. */
  public static final TypeInformation<FeatureRow> FEATURE_ROW =
      new CodecTypeInfo<>(FeatureRow.class, new FeatureRows());

  /** Feature rows converted for the stores, on their way from the conversion to the sinks. */
  public static final TypeInformation<OfflineRow> OFFLINE_ROW =
      new CodecTypeInfo<>(OfflineRow.class, new OfflineRows());

  private PipelineTypes() {}

  /** The keyed state of one entity's ordering and aggregation for {@code program}. */
  public static TypeInformation<OrderedEntity> orderedEntity(ViewProgram program) {
    return new CodecTypeInfo<>(OrderedEntity.class, new OrderedEntities(program));
  }

  /** A codec without settings: two of one class write the same format, so they are equal. */
  private abstract static class FixedCodec<T> implements RecordCodec<T> {
    private static final long serialVersionUID = 1L;

    @Override
    public final boolean equals(Object o) {
      return o != null && o.getClass() == getClass();
    }

    @Override
    public final int hashCode() {
      return getClass().hashCode();
    }
  }

  /** Events: entity key, event time, id, columns, file, line. */
  private static final class Events extends FixedCodec<Event> {
    private static final long serialVersionUID = 1L;

    @Override
    public void write(Event e, DataOutputView out) throws IOException {
      writeEvent(e, out);
    }

    @Override
    public Event read(DataInputView in) throws IOException {
      return readEvent(in);
    }
  }

  /** Feature rows: entity values, event time, feature values. */
  private static final class FeatureRows extends FixedCodec<FeatureRow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void write(FeatureRow r, DataOutputView out) throws IOException {
      PlainValues.writeList(r.entity(), out);
      out.writeLong(r.eventTimeMicros());
      PlainValues.writeList(r.values(), out);
    }

    @Override
    public FeatureRow read(DataInputView in) throws IOException {
      List<Object> entity = PlainValues.readList(in);
      long time = in.readLong();
      return new FeatureRow(entity, time, PlainValues.readList(in));
    }
  }

  /** Converted rows: entity values, event time, created time, feature values. */
  private static final class OfflineRows extends FixedCodec<OfflineRow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void write(OfflineRow r, DataOutputView out) throws IOException {
      writeValues(r.entity(), out);
      out.writeLong(r.eventTimeMicros());
      out.writeLong(r.createdTimeMicros());
      writeValues(r.values(), out);
    }

    @Override
    public OfflineRow read(DataInputView in) throws IOException {
      List<Value> entity = readValues(in);
      long time = in.readLong();
      long created = in.readLong();
      return new OfflineRow(entity, time, created, readValues(in));
    }

    private static void writeValues(List<Value> values, DataOutputView out) throws IOException {
      out.writeInt(values.size());
      for (Value v : values) {
        byte[] bytes = v.toByteArray();
        out.writeInt(bytes.length);
        out.write(bytes);
      }
    }

    private static List<Value> readValues(DataInputView in) throws IOException {
      int n = in.readInt();
      List<Value> values = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        values.add(Value.parseFrom(bytes));
      }
      return values;
    }
  }

  /**
   * An entity's {@link OrderedEntity}: its buffered events, then its aggregator (its {@link
   * EntityAggregator.Snapshot}). Mutable, so a copy is a restored one.
   */
  private static final class OrderedEntities implements RecordCodec<OrderedEntity> {
    private static final long serialVersionUID = 1L;

    private final ViewProgram program;

    OrderedEntities(ViewProgram program) {
      this.program = program;
    }

    @Override
    public void write(OrderedEntity entity, DataOutputView out) throws IOException {
      List<Event> pending = entity.pending();
      out.writeInt(pending.size());
      for (Event e : pending) {
        writeEvent(e, out);
      }
      writeAggregator(entity.aggregator(), out);
    }

    @Override
    public OrderedEntity read(DataInputView in) throws IOException {
      int n = in.readInt();
      List<Event> pending = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        pending.add(readEvent(in));
      }
      return OrderedEntity.restore(readAggregator(program, in), pending);
    }

    @Override
    public boolean immutable() {
      return false;
    }

    @Override
    public OrderedEntity copy(OrderedEntity entity) {
      return OrderedEntity.restore(
          EntityAggregator.restore(program, entity.aggregator().snapshot()), entity.pending());
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof OrderedEntities other && program.equals(other.program);
    }

    @Override
    public int hashCode() {
      return OrderedEntities.class.hashCode() * 31 + program.hashCode();
    }
  }

  private static void writeAggregator(EntityAggregator agg, DataOutputView out) throws IOException {
    EntityAggregator.Snapshot s = agg.snapshot();
    out.writeInt(s.window().size());
    for (Event e : s.window()) {
      writeEvent(e, out);
    }
    out.writeInt(s.allTime().size());
    for (List<Object> state : s.allTime()) {
      PlainValues.writeList(state, out);
    }
    out.writeBoolean(s.last() != null);
    if (s.last() != null) {
      writeEvent(s.last(), out);
    }
    out.writeBoolean(s.pending());
  }

  private static EntityAggregator readAggregator(ViewProgram program, DataInputView in)
      throws IOException {
    int n = in.readInt();
    List<Event> window = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      window.add(readEvent(in));
    }
    int features = in.readInt();
    List<List<Object>> allTime = new ArrayList<>(features);
    for (int i = 0; i < features; i++) {
      allTime.add(PlainValues.readList(in));
    }
    Event last = in.readBoolean() ? readEvent(in) : null;
    boolean pending = in.readBoolean();
    return EntityAggregator.restore(
        program, new EntityAggregator.Snapshot(window, allTime, last, pending));
  }

  private static void writeEvent(Event e, DataOutputView out) throws IOException {
    StringValue.writeString(e.entityKey(), out);
    out.writeLong(e.eventTimeMicros());
    PlainValues.write(e.id(), out);
    PlainValues.writeList(e.columns(), out);
    StringValue.writeString(e.file(), out);
    out.writeLong(e.line());
  }

  private static Event readEvent(DataInputView in) throws IOException {
    String key = StringValue.readString(in);
    long time = in.readLong();
    Object id = PlainValues.read(in);
    List<Object> columns = PlainValues.readList(in);
    String file = StringValue.readString(in);
    return new Event(key, time, id, columns, file, in.readLong());
  }
}
