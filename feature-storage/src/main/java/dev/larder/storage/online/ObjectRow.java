package dev.larder.storage.online;

import com.google.protobuf.CodedOutputStream;
import dev.larder.proto.types.v1.Value;
import java.io.IOException;

/** A {@link StoredRow} over a row already held as objects. Immutable and thread-safe. */
record ObjectRow(OnlineRow row) implements StoredRow {

  @Override
  public long eventTimeMicros() {
    return row.eventTimeMicros();
  }

  @Override
  public long createdTimeMicros() {
    return row.createdTimeMicros();
  }

  @Override
  public int valueCount() {
    return row.values().size();
  }

  @Override
  public boolean isNull(int index) {
    return row.values().get(index).getKindCase() == Value.KindCase.KIND_NOT_SET;
  }

  @Override
  public int valueWireSize(int index) {
    return row.values().get(index).getSerializedSize();
  }

  @Override
  public void writeValue(int index, CodedOutputStream out) throws IOException {
    row.values().get(index).writeTo(out);
  }

  @Override
  public OnlineRow decode() {
    return row;
  }
}
