package dev.larder.registry.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.proto.types.v1.FloatList;
import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

  @Test
  void everyValueKindIsNumberedLikeTheTypeItHolds() {
    for (Value.KindCase kind : Value.KindCase.values()) {
      if (kind == Value.KindCase.KIND_NOT_SET) {
        continue;
      }
      ValueType type = ValueType.forNumber(kind.getNumber());
      assertThat(type).as(kind.name()).isNotNull();
      assertThat(kind.name())
          .isEqualTo(type.name() + (type == ValueType.TIMESTAMP ? "_MICROS_VAL" : "_VAL"));
    }
    assertThat(
            Arrays.stream(ValueType.values())
                .filter(t -> t != ValueType.UNRECOGNIZED && t.getNumber() > 0))
        .hasSize(Value.KindCase.values().length - 1);
  }

  @Test
  void valuesAreCheckedAgainstTypesExactly() {
    Value int32 = Value.newBuilder().setInt32Val(1).build();
    Value floats = Value.newBuilder().setFloatListVal(FloatList.newBuilder().addValues(1f)).build();
    assertThat(ValueTypes.holds(int32, ValueType.INT32)).isTrue();
    assertThat(ValueTypes.holds(int32, ValueType.INT64)).isFalse();
    assertThat(ValueTypes.holds(Value.getDefaultInstance(), ValueType.INT32)).isFalse();
    assertThat(ValueTypes.holds(null, ValueType.INT32)).isFalse();
    assertThat(ValueTypes.nameOf(floats)).isEqualTo("LIST<FLOAT>");
    assertThat(ValueTypes.nameOf(Value.getDefaultInstance())).isEqualTo("null");
    assertThat(ValueTypes.typeOf(floats)).contains(ValueType.FLOAT_LIST);
  }

  @Test
  void typeNamesParseBack() {
    for (ValueType type : ValueType.values()) {
      if (type == ValueType.UNRECOGNIZED || type == ValueType.VALUE_TYPE_UNSPECIFIED) {
        continue;
      }
      assertThat(ValueTypes.parse(ValueTypes.displayName(type))).contains(type);
    }
    assertThat(ValueTypes.parse("list<float>")).contains(ValueType.FLOAT_LIST);
    assertThat(ValueTypes.parse("LIST<BOOL>")).isEmpty();
  }
}
