package dev.larder.server.resilience;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.larder.proto.types.v1.Value;
import dev.larder.storage.online.OnlineRow;
import dev.larder.storage.online.StoredRow;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;

/**
 * A row copied out of {@link RecentRows}: its values held in {@code Value} wire format, one after
 * the other. A null value has no bytes (every set kind of {@code Value} writes at least its tag).
 * Immutable and thread-safe.
 */
final class RecalledRow implements StoredRow {

  private final long eventTimeMicros;
  private final long createdTimeMicros;
  private final byte[] values;
  private final int[] offsets;
  private final int[] sizes;

  RecalledRow(
      long eventTimeMicros, long createdTimeMicros, byte[] values, int[] offsets, int[] sizes) {
    this.eventTimeMicros = eventTimeMicros;
    this.createdTimeMicros = createdTimeMicros;
    this.values = values;
    this.offsets = offsets;
    this.sizes = sizes;
  }

  @Override
  public long eventTimeMicros() {
    return eventTimeMicros;
  }

  @Override
  public long createdTimeMicros() {
    return createdTimeMicros;
  }

  @Override
  public int valueCount() {
    return sizes.length;
  }

  @Override
  public boolean isNull(int index) {
    return sizes[index] == 0;
  }

  @Override
  public int valueWireSize(int index) {
    return sizes[index];
  }

  @Override
  public void writeValue(int index, CodedOutputStream out) throws IOException {
    out.writeRawBytes(values, offsets[index], sizes[index]);
  }

  @Override
  public OnlineRow decode() {
    Value[] decoded = new Value[sizes.length];
    for (int i = 0; i < decoded.length; i++) {
      try {
        decoded[i] = Value.parser().parseFrom(values, offsets[i], sizes[i]);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("a remembered value is not a Value", e);
      }
    }
    return new OnlineRow(
        eventTimeMicros, createdTimeMicros, Collections.unmodifiableList(Arrays.asList(decoded)));
  }
}
