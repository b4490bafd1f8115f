package dev.larder.pipelines.types;

import java.io.IOException;
import java.io.Serializable;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes and reads one kind of record, for {@link CodecSerializer}. Implementations are immutable
 * and thread-safe; {@code equals} says whether two codecs write the same format.
 */
interface RecordCodec<T> extends Serializable {

  void write(T value, DataOutputView out) throws IOException;

  T read(DataInputView in) throws IOException;

  /** True when records are never changed after they are made, so a copy can be the record. */
  default boolean immutable() {
    return true;
  }

  /** A copy that shares nothing mutable with {@code value}; the value itself when immutable. */
  default T copy(T value) {
    return value;
  }
}
