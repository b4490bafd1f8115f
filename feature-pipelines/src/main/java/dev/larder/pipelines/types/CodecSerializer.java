package dev.larder.pipelines.types;

import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;

/**
 * A Flink serializer that delegates to a {@link RecordCodec}. Stateless, so one instance may be
 * shared by threads ({@link #duplicate()} returns itself).
 */
final class CodecSerializer<T> extends TypeSerializer<T> {

  private static final long serialVersionUID = 1L;

  private final RecordCodec<T> codec;

  CodecSerializer(RecordCodec<T> codec) {
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  @Override
  public boolean isImmutableType() {
    return codec.immutable();
  }

  @Override
  public TypeSerializer<T> duplicate() {
    return this;
  }

  /** Records have no empty instance; Flink only asks for one to reuse, which we never do. */
  @Override
  public T createInstance() {
    return null;
  }

  @Override
  public T copy(T from) {
    return from == null ? null : codec.copy(from);
  }

  @Override
  public T copy(T from, T reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(T record, DataOutputView target) throws IOException {
    codec.write(record, target);
  }

  @Override
  public T deserialize(DataInputView source) throws IOException {
    return codec.read(source);
  }

  @Override
  public T deserialize(T reuse, DataInputView source) throws IOException {
    return codec.read(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    codec.write(codec.read(source), target);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CodecSerializer<?> other && codec.equals(other.codec);
  }

  @Override
  public int hashCode() {
    return codec.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<T> snapshotConfiguration() {
    return new Snapshot<>(codec);
  }

  /**
   * The serializer's snapshot, version 1: the codec, Java-serialized. A restored serializer is
   * compatible as is when its codec equals the new one.
   */
  public static final class Snapshot<T> implements TypeSerializerSnapshot<T> {
    private static final int VERSION = 1;
    private RecordCodec<T> codec;

    /** For Flink, which reads the snapshot into it. */
    public Snapshot() {}

    Snapshot(RecordCodec<T> codec) {
      this.codec = codec;
    }

    @Override
    public int getCurrentVersion() {
      return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
      byte[] bytes = InstantiationUtil.serializeObject(codec);
      out.writeInt(bytes.length);
      out.write(bytes);
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader)
        throws IOException {
      if (readVersion != VERSION) {
        throw new IOException("unknown serializer snapshot version " + readVersion);
      }
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      try {
        codec = InstantiationUtil.deserializeObject(bytes, classLoader);
      } catch (ClassNotFoundException e) {
        throw new IOException("cannot restore the serializer's codec", e);
      }
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
      return new CodecSerializer<>(codec);
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
        TypeSerializerSnapshot<T> oldSnapshot) {
      return oldSnapshot instanceof Snapshot<T> old && codec.equals(old.codec)
          ? TypeSerializerSchemaCompatibility.compatibleAsIs()
          : TypeSerializerSchemaCompatibility.incompatible();
    }
  }
}
