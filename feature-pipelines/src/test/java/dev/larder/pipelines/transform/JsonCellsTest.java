package dev.larder.pipelines.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The flat-object reading agrees with the JSON tree on every text: same cells, same refusals. */
class JsonCellsTest {

  @Test
  void anEventOfScalarsIsReadWithoutATree() {
    String json =
        "{\"order_id\":\"o1\", \"amount\":-12.5e-1,\"items\":0,\"tag\":null,\"ok\":true,"
            + "\"name\":\"héllo\",\"order_id\":\"o2\"}\n";

    Map<String, Object> flat = FlatJsonObjects.read(json);

    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("order_id", "o2");
    expected.put("amount", "-12.5e-1");
    expected.put("items", "0");
    expected.put("tag", null);
    expected.put("ok", "true");
    expected.put("name", "héllo");
    assertThat(flat).containsExactlyEntriesOf(expected);
    assertThat(flat).isEqualTo(JsonCells.parseObjectTree(json));
  }

  @Test
  void leavesOtherShapesToTheTree() {
    for (String json :
        List.of(
            "{\"a\":\"x\\ny\"}",
            "{\"a\":[1]}",
            "{\"a\":{\"b\":1}}",
            "{\"a\":01}",
            "{\"a\":TRUE}",
            "{'a':1}",
            "{a:1}",
            "{\"a\":1,}",
            "{\"a\":1} x",
            "[1]",
            "")) {
      assertThat(FlatJsonObjects.read(json)).as(json).isNull();
    }
  }

  @Property(tries = 3000)
  void agreesWithTheTree(@ForAll("texts") String json) {
    Map<String, Object> flat = FlatJsonObjects.read(json);
    String tree = outcome(json);

    if (flat != null) {
      assertThat(flat.toString()).isEqualTo(tree);
    }
    assertThat(outcomeOfParseObject(json)).isEqualTo(tree);
  }

  @Provide
  Arbitrary<String> texts() {
    List<String> fragments =
        Arrays.asList(
            "{",
            "}",
            "{",
            "}",
            "\"a\"",
            "\"b\"",
            "\"a\"",
            ":",
            ":",
            ",",
            ",",
            " ",
            "\n",
            "1",
            "-0",
            "0",
            "01",
            "1.5",
            "1.",
            "2e3",
            "-4E+5",
            "6e",
            "true",
            "false",
            "null",
            "nul",
            "TRUE",
            "\"x y\"",
            "\"\\u0041\"",
            "\"\\\"\"",
            "[1]",
            "[]",
            "'s'",
            "abc",
            "#",
            ";",
            "\t",
            "\"",
            "9223372036854775808",
            "-9223372036854775808");
    Arbitrary<String> flatObject =
        Arbitraries.of("\"a\":", "\"b\":", "\"c\" : ")
            .flatMap(
                name ->
                    Arbitraries.of("1", "-0", "2.5e-3", "\"x\"", "true", "false", "null", "\"\"")
                        .map(v -> name + v))
            .list()
            .ofMaxSize(4)
            .map(members -> " {" + String.join(",", members) + "} ");
    Arbitrary<String> anyText =
        Arbitraries.of(fragments).list().ofMaxSize(12).map(l -> String.join("", l));
    return Arbitraries.oneOf(flatObject, anyText, anyText.map(t -> "{" + t));
  }

  private static String outcome(String json) {
    try {
      return JsonCells.parseObjectTree(json).toString();
    } catch (IllegalArgumentException e) {
      return "refused: " + e.getMessage();
    }
  }

  private static String outcomeOfParseObject(String json) {
    try {
      return JsonCells.parseObject(json).toString();
    } catch (IllegalArgumentException e) {
      return "refused: " + e.getMessage();
    }
  }
}
