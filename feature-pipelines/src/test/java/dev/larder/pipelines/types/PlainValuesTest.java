package dev.larder.pipelines.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class PlainValuesTest {

  @Test
  void everyKindOfValueReadsBackAsWritten() throws IOException {
    List<Object> values =
        Arrays.asList(
            null,
            true,
            -7,
            Long.MAX_VALUE,
            1.5f,
            -0.25,
            "héllo",
            List.of("a", 3L),
            Arrays.asList(null, List.of(2.0)));

    DataOutputSerializer out = new DataOutputSerializer(64);
    PlainValues.writeList(values, out);
    PlainValues.write(new byte[] {1, 2, 3}, out);
    PlainValues.writeList(null, out);
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());

    assertThat(PlainValues.readList(in)).isEqualTo(values);
    assertThat((byte[]) PlainValues.read(in)).containsExactly(1, 2, 3);
    assertThat(PlainValues.readList(in)).isNull();
    assertThat(in.available()).isZero();
  }

  @Test
  void eachKindKeepsItsStoredTag() throws IOException {
    assertThat(bytes(null)).containsExactly(0);
    assertThat(bytes(true)).containsExactly(1, 1);
    assertThat(bytes(5)).containsExactly(2, 0, 0, 0, 5);
    assertThat(bytes(5L)).containsExactly(3, 0, 0, 0, 0, 0, 0, 0, 5);
    assertThat(bytes(1.0f)).startsWith(4).hasSize(5);
    assertThat(bytes(1.0)).startsWith(5).hasSize(9);
    assertThat(bytes("")).startsWith(6);
    assertThat(bytes(new byte[] {9})).containsExactly(7, 0, 0, 0, 1, 9);
    assertThat(bytes(List.of())).containsExactly(8, 0, 0, 0, 0);
  }

  @Test
  void anUnknownTypeOrTagIsRefused() {
    assertThatThrownBy(() -> bytes(new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Object");
    assertThatThrownBy(() -> PlainValues.read(new DataInputDeserializer(new byte[] {9})))
        .isInstanceOf(IOException.class)
        .hasMessage("unknown value tag 9");
    assertThatThrownBy(() -> PlainValues.read(new DataInputDeserializer(new byte[] {-1})))
        .isInstanceOf(IOException.class)
        .hasMessage("unknown value tag -1");
  }

  private static byte[] bytes(Object value) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(16);
    PlainValues.write(value, out);
    return out.getCopyOfBuffer();
  }
}
