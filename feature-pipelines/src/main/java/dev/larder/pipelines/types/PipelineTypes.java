package dev.larder.pipelines.types;

import dev.larder.pipelines.transform.EntityAggregator;
import dev.larder.pipelines.transform.Event;
import dev.larder.pipelines.transform.FeatureRow;
import dev.larder.pipelines.transform.ViewProgram;
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

  private PipelineTypes() {}

  /** The keyed state of one entity's aggregation for {@code program}. */
  public static TypeInformation<EntityAggregator> aggregator(ViewProgram program) {
    return new CodecTypeInfo<>(EntityAggregator.class, new Aggregators(program));
  }

  /** Events: entity key, event time, id, columns, file, line. */
  private static final class Events implements RecordCodec<Event> {
    private static final long serialVersionUID = 1L;

    @Override
    public void write(Event e, DataOutputView out) throws IOException {
      writeEvent(e, out);
    }

    @Override
    public Event read(DataInputView in) throws IOException {
      return readEvent(in);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Events;
    }

    @Override
    public int hashCode() {
      return Events.class.hashCode();
    }
  }

  /** Feature rows: entity values, event time, feature values. */
  private static final class FeatureRows implements RecordCodec<FeatureRow> {
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

    @Override
    public boolean equals(Object o) {
      return o instanceof FeatureRows;
    }

    @Override
    public int hashCode() {
      return FeatureRows.class.hashCode();
    }
  }

  /**
   * An entity's aggregator, as its {@link EntityAggregator.Snapshot}: the window's events, each
   * all-time accumulator's state, the last event and the pending flag. Aggregators are mutable, so
   * a copy is a restored snapshot.
   */
  private static final class Aggregators implements RecordCodec<EntityAggregator> {
    private static final long serialVersionUID = 1L;

    private final ViewProgram program;

    Aggregators(ViewProgram program) {
      this.program = program;
    }

    @Override
    public void write(EntityAggregator agg, DataOutputView out) throws IOException {
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

    @Override
    public EntityAggregator read(DataInputView in) throws IOException {
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

    @Override
    public boolean immutable() {
      return false;
    }

    @Override
    public EntityAggregator copy(EntityAggregator agg) {
      return EntityAggregator.restore(program, agg.snapshot());
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Aggregators other && program.equals(other.program);
    }

    @Override
    public int hashCode() {
      return program.hashCode();
    }
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
