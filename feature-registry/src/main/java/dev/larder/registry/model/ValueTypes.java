package dev.larder.registry.model;

import dev.larder.proto.types.v1.Value;
import dev.larder.proto.types.v1.ValueType;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Names and properties of the {@link ValueType}s that definitions may use (DESIGN §2). */
public final class ValueTypes {

  private ValueTypes() {}

  /**
   * Parses a type as written in definitions: {@code INT64}, {@code LIST<FLOAT>}, case-insensitive.
   *
   * @return the type, or empty when the name is not a type definitions may use
   */
  public static Optional<ValueType> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.trim().toUpperCase(Locale.ROOT).replace(" ", "");
    if (n.startsWith("LIST<") && n.endsWith(">")) {
      String element = n.substring(5, n.length() - 1);
      return switch (element) {
        case "INT32" -> Optional.of(ValueType.INT32_LIST);
        case "INT64" -> Optional.of(ValueType.INT64_LIST);
        case "FLOAT" -> Optional.of(ValueType.FLOAT_LIST);
        case "DOUBLE" -> Optional.of(ValueType.DOUBLE_LIST);
        case "STRING" -> Optional.of(ValueType.STRING_LIST);
        default -> Optional.empty();
      };
    }
    return Arrays.stream(ValueType.values())
        .filter(t -> t != ValueType.UNRECOGNIZED && t != ValueType.VALUE_TYPE_UNSPECIFIED)
        .filter(t -> !isList(t))
        .filter(t -> t.name().equals(n))
        .findFirst();
  }

  /** The name definitions use for a type: {@code INT64}, {@code LIST<FLOAT>}. */
  public static String displayName(ValueType type) {
    return switch (type) {
      case INT32_LIST -> "LIST<INT32>";
      case INT64_LIST -> "LIST<INT64>";
      case FLOAT_LIST -> "LIST<FLOAT>";
      case DOUBLE_LIST -> "LIST<DOUBLE>";
      case STRING_LIST -> "LIST<STRING>";
      default -> type.name();
    };
  }

  /** Every type name definitions accept, for error messages. */
  public static String allNames() {
    return Arrays.stream(ValueType.values())
        .filter(t -> t != ValueType.UNRECOGNIZED && t != ValueType.VALUE_TYPE_UNSPECIFIED)
        .map(ValueTypes::displayName)
        .collect(Collectors.joining(", "));
  }

  public static boolean isList(ValueType type) {
    return switch (type) {
      case INT32_LIST, INT64_LIST, FLOAT_LIST, DOUBLE_LIST, STRING_LIST -> true;
      default -> false;
    };
  }

  /** The element type of a list type ({@code INT32} of {@code LIST<INT32>}); empty for others. */
  public static Optional<ValueType> elementType(ValueType type) {
    return switch (type) {
      case INT32_LIST -> Optional.of(ValueType.INT32);
      case INT64_LIST -> Optional.of(ValueType.INT64);
      case FLOAT_LIST -> Optional.of(ValueType.FLOAT);
      case DOUBLE_LIST -> Optional.of(ValueType.DOUBLE);
      case STRING_LIST -> Optional.of(ValueType.STRING);
      default -> Optional.empty();
    };
  }

  public static boolean isNumeric(ValueType type) {
    return switch (type) {
      case INT32, INT64, FLOAT, DOUBLE -> true;
      default -> false;
    };
  }

  /**
   * The type a value holds, or empty for a null value. The fields of {@link Value}'s {@code kind}
   * are numbered like the {@link ValueType}s they hold, so this is a lookup, not a switch.
   */
  public static Optional<ValueType> typeOf(Value value) {
    if (value == null || value.getKindCase() == Value.KindCase.KIND_NOT_SET) {
      return Optional.empty();
    }
    return Optional.of(ValueType.forNumber(value.getKindCase().getNumber()));
  }

  /** True when the value is not null and holds exactly the given type. */
  public static boolean holds(Value value, ValueType type) {
    return value != null && value.getKindCase().getNumber() == type.getNumber();
  }

  /** The type name of a value as definitions write it ({@code LIST<FLOAT>}), or {@code null}. */
  public static String nameOf(Value value) {
    return typeOf(value).map(ValueTypes::displayName).orElse("null");
  }

  /** Join keys may be strings or integers: types whose values compare exactly. */
  public static boolean isJoinKeyType(ValueType type) {
    return type == ValueType.STRING || type == ValueType.INT32 || type == ValueType.INT64;
  }
}
