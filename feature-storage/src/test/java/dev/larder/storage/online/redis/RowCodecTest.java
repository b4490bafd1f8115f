package dev.larder.storage.online.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import dev.larder.proto.types.v1.FloatList;
import dev.larder.proto.types.v1.StringList;
import dev.larder.proto.types.v1.Value;
import dev.larder.storage.online.OnlineRow;
import dev.larder.storage.online.StoredRow;
import dev.larder.testing.ValueArbitraries;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class RowCodecTest {

  @Property(tries = 1000)
  void decodingAnEncodedRowGivesItBack(@ForAll("rows") OnlineRow row) {
    assertThat(decode(RowCodec.encode(row))).isEqualTo(row);
  }

  @Property(tries = 1000)
  void aReadRowWritesEachValueAsProtobufWould(@ForAll("rows") OnlineRow row) throws Exception {
    StoredRow stored = RowCodec.read(RowCodec.encode(row));

    assertThat(stored.eventTimeMicros()).isEqualTo(row.eventTimeMicros());
    assertThat(stored.valueCount()).isEqualTo(row.values().size());
    for (int i = 0; i < row.values().size(); i++) {
      Value value = row.values().get(i);
      byte[] wire = new byte[stored.valueWireSize(i)];
      CodedOutputStream out = CodedOutputStream.newInstance(wire);
      stored.writeValue(i, out);
      out.checkNoSpaceLeft();
      assertThat(wire).as("value %d: %s", i, value).isEqualTo(value.toByteArray());
      assertThat(stored.isNull(i)).isEqualTo(value.getKindCase() == Value.KindCase.KIND_NOT_SET);
    }
  }

  @Property(tries = 1000)
  void headerBytesOrderRowsByEventThenCreatedTime(
      @ForAll("timestamps") long event1,
      @ForAll("timestamps") long created1,
      @ForAll("timestamps") long event2,
      @ForAll("timestamps") long created2) {
    byte[] a = RowCodec.encode(new OnlineRow(event1, created1, List.of()));
    byte[] b = RowCodec.encode(new OnlineRow(event2, created2, List.of()));
    int expected =
        event1 != event2 ? Long.compare(event1, event2) : Long.compare(created1, created2);
    int actual = Arrays.compareUnsigned(a, 1, 17, b, 1, 17);
    assertThat(Integer.signum(actual)).isEqualTo(Integer.signum(expected));
  }

  @Property(tries = 300)
  void everyTruncatedRowIsRefused(
      @ForAll("rows") OnlineRow row, @ForAll @IntRange(min = 0, max = 10_000) int cut) {
    byte[] bytes = RowCodec.encode(row);
    byte[] truncated = Arrays.copyOf(bytes, cut % bytes.length);
    assertThatThrownBy(() -> decode(truncated)).isInstanceOf(RowFormatException.class);
  }

  @Example
  void theStoredFormatIsStable() {
    OnlineRow row =
        new OnlineRow(
            1_700_000_000_000_000L,
            -1L,
            List.of(
                Value.newBuilder().setInt64Val(3).build(),
                Value.getDefaultInstance(),
                Value.newBuilder().setStringVal("a:é").build(),
                Value.newBuilder().setBoolVal(true).build(),
                Value.newBuilder().setFloatListVal(FloatList.newBuilder().addValues(1.5f)).build(),
                Value.newBuilder()
                    .setStringListVal(StringList.newBuilder().addValues("").addValues("x"))
                    .build(),
                Value.newBuilder()
                    .setBytesVal(ByteString.copyFrom(new byte[] {(byte) 0xFF}))
                    .build()));
    // Each value is its tag (the ValueType number, 00 = null) followed by its payload.
    String expected =
        "01" // format version
            + "80060a24181e4000" // event micros, sign bit flipped
            + "7fffffffffffffff" // created micros -1, sign bit flipped
            + "07" // 7 values
            + "03_0000000000000003" // INT64 3
            + "00" // null
            + "06_04_613ac3a9" // STRING "a:é": length 4, UTF-8
            + "01_01" // BOOL true
            + "0b_01_3fc00000" // FLOAT_LIST [1.5]: count 1, IEEE 754
            + "0d_02_00_0178" // STRING_LIST ["", "x"]: count 2, each length + UTF-8
            + "07_01_ff"; // BYTES [0xff]: length 1
    expected = expected.replace("_", "");
    assertThat(HexFormat.of().formatHex(RowCodec.encode(row))).isEqualTo(expected);
    assertThat(decode(HexFormat.of().parseHex(expected))).isEqualTo(row);
  }

  @Example
  void anUnknownFormatVersionIsRefusedByName() {
    byte[] bytes = RowCodec.encode(new OnlineRow(1, 2, List.of()));
    bytes[0] = 2;
    assertThatThrownBy(() -> decode(bytes))
        .isInstanceOf(RowFormatException.class)
        .hasMessageContaining("format version 2")
        .hasMessageContaining("only version 1");
  }

  @Example
  void malformedRowsAreRefused() {
    byte[] valid =
        RowCodec.encode(
            new OnlineRow(1, 2, List.of(Value.newBuilder().setStringVal("ab").build())));
    byte[] trailing = Arrays.copyOf(valid, valid.length + 1);
    byte[] unknownTag = valid.clone();
    unknownTag[18] = 99;
    byte[] notUtf8 = valid.clone();
    notUtf8[valid.length - 1] = (byte) 0xC3;
    byte[] listNotUtf8 =
        RowCodec.encode(
            new OnlineRow(
                1,
                2,
                List.of(
                    Value.newBuilder()
                        .setStringListVal(StringList.newBuilder().addValues("ab"))
                        .build())));
    listNotUtf8[listNotUtf8.length - 1] = (byte) 0xC3;

    assertThatThrownBy(() -> decode(new byte[0])).isInstanceOf(RowFormatException.class);
    assertThatThrownBy(() -> decode(trailing)).hasMessageContaining("unexpected bytes");
    assertThatThrownBy(() -> decode(unknownTag)).hasMessageContaining("unknown value tag 99");
    assertThatThrownBy(() -> decode(notUtf8)).hasMessageContaining("not UTF-8");
    assertThatThrownBy(() -> decode(listNotUtf8)).hasMessageContaining("not UTF-8");
  }

  private static OnlineRow decode(byte[] bytes) {
    return RowCodec.read(bytes).decode();
  }

  @Provide
  Arbitrary<OnlineRow> rows() {
    return Combinators.combine(
            timestamps(), timestamps(), ValueArbitraries.values().list().ofMaxSize(20))
        .as(OnlineRow::new);
  }

  /**
   * Full-range timestamps mixed with a few small ones, so that ties and sign changes are common.
   */
  @Provide
  Arbitrary<Long> timestamps() {
    return Arbitraries.oneOf(
        Arbitraries.longs(),
        Arbitraries.longs().between(-2, 2),
        Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 1_700_000_000_000_000L));
  }
}
