package dev.larder.registry.load;

import static dev.larder.registry.testing.DefinitionFiles.BASE;
import static dev.larder.registry.testing.DefinitionFiles.assertOnlyProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.larder.proto.types.v1.DoubleList;
import dev.larder.proto.types.v1.Int32List;
import dev.larder.proto.types.v1.StringList;
import dev.larder.proto.types.v1.Value;
import dev.larder.registry.testing.DefinitionFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** A feature's default must be a value of its type, written as YAML writes such values. */
class DefaultValuesTest {

  /** The line of the feature in {@link #withDefault}. */
  private static final int LINE = 18;

  @TempDir Path dir;

  /** BASE with a push-fed view of one feature {@code f} of the type and default given. */
  private static String withDefault(String type, String defaultYaml) {
    return BASE
        + """
        feature_views:
          - name: pushed
            entities: [customer]
            features:
              - {name: f, type: '%s', default: %s}
        """
            .formatted(type, defaultYaml);
  }

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("BOOL", "true", Value.newBuilder().setBoolVal(true).build()),
        Arguments.of("BOOL", "no", Value.newBuilder().setBoolVal(false).build()),
        Arguments.of("INT32", "-7", Value.newBuilder().setInt32Val(-7).build()),
        Arguments.of(
            "INT64", "3_000_000_000", Value.newBuilder().setInt64Val(3_000_000_000L).build()),
        Arguments.of("FLOAT", "0.25", Value.newBuilder().setFloatVal(0.25f).build()),
        Arguments.of("DOUBLE", "2", Value.newBuilder().setDoubleVal(2.0).build()),
        Arguments.of(
            "DOUBLE", "-.inf", Value.newBuilder().setDoubleVal(Double.NEGATIVE_INFINITY).build()),
        Arguments.of("STRING", "'007'", Value.newBuilder().setStringVal("007").build()),
        Arguments.of("STRING", "none", Value.newBuilder().setStringVal("none").build()),
        Arguments.of(
            "BYTES",
            "aGk=",
            Value.newBuilder()
                .setBytesVal(ByteString.copyFrom("hi", StandardCharsets.UTF_8))
                .build()),
        Arguments.of(
            "TIMESTAMP",
            "'1970-01-01T00:00:01.5Z'",
            Value.newBuilder().setTimestampMicrosVal(1_500_000L).build()),
        Arguments.of(
            "TIMESTAMP",
            "1970-01-01T01:00:00+01:00",
            Value.newBuilder().setTimestampMicrosVal(0L).build()),
        Arguments.of(
            "LIST<INT32>",
            "[1, 2]",
            Value.newBuilder()
                .setInt32ListVal(Int32List.newBuilder().addValues(1).addValues(2))
                .build()),
        Arguments.of(
            "LIST<DOUBLE>",
            "[]",
            Value.newBuilder().setDoubleListVal(DoubleList.getDefaultInstance()).build()),
        Arguments.of(
            "LIST<STRING>",
            "[a, 'b c']",
            Value.newBuilder()
                .setStringListVal(StringList.newBuilder().addValues("a").addValues("b c"))
                .build()));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("valid")
  void defaultsOfEveryType(String type, String yaml, Value expected) {
    Value actual =
        new DefinitionFiles(dir)
            .project(withDefault(type, yaml))
            .view("pushed", 1)
            .features()
            .get(0)
            .defaultValue();
    assertThat(actual).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "INT64 | abc | default | default 'abc' does not fit type INT64: expected a whole number",
        "INT64 | 1.5 | default | default '1.5' does not fit type INT64",
        "INT64 | \"12\" | default | default '12' does not fit type INT64",
        "INT32 | 3000000000 | default | expected a whole number between -2147483648 and 2147483647",
        "BOOL | 1 | default | default '1' does not fit type BOOL: expected true or false",
        "DOUBLE | ten | default | default 'ten' does not fit type DOUBLE: expected a number",
        "FLOAT | 1e300 | default | default '1e300' does not fit type FLOAT",
        "STRING | [a] | default | default a list does not fit type STRING",
        "BYTES | \"%%%\" | default | expected base64 text",
        "TIMESTAMP | \"2026-01-01\" | default | expected an RFC 3339 timestamp",
        "TIMESTAMP | 1700000000 | default | expected an RFC 3339 timestamp",
        "LIST<INT64> | 5 | default | default '5' does not fit type LIST<INT64>: expected a list",
        "LIST<INT64> | [1, x] | default[1] | default 'x' does not fit type INT64",
        "LIST<FLOAT> | [[1]] | default[0] | expected a single value, found a list",
      })
  void defaultsThatDoNotFitTheirType(String type, String yaml, String key, String message) {
    assertOnlyProblem(
        new DefinitionFiles(dir).problems(withDefault(type, yaml)),
        LINE,
        "feature_views[0].features[0]." + key,
        message);
  }
}
