package dev.larder.pipelines.types;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Type information whose serializer is a {@link CodecSerializer}: one opaque field, no key. */
final class CodecTypeInfo<T> extends TypeInformation<T> {

  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private final RecordCodec<T> codec;

  CodecTypeInfo(Class<T> type, RecordCodec<T> codec) {
    this.type = type;
    this.codec = codec;
  }

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<T> getTypeClass() {
    return type;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<T> createSerializer(SerializerConfig config) {
    return new CodecSerializer<>(codec);
  }

  @Override
  public String toString() {
    return "CodecTypeInfo<" + type.getSimpleName() + ">";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CodecTypeInfo<?> other
        && type.equals(other.type)
        && codec.equals(other.codec);
  }

  @Override
  public int hashCode() {
    return type.hashCode() * 31 + codec.hashCode();
  }

  @Override
  public boolean canEqual(Object o) {
    return o instanceof CodecTypeInfo<?>;
  }
}
