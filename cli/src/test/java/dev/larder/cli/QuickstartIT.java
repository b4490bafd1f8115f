package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.larder.testing.RedisServerExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Quickstart end to end against a real redis-server: the sample request answers PRESENT values. */
class QuickstartIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @TempDir Path dir;

  @Test
  void theSampleRequestReturnsPresentValues() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = LarderCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    int exit =
        cli.execute(
            "quickstart",
            "--registry-url",
            "jdbc:sqlite:" + dir.resolve("registry.db"),
            "--definitions",
            "../" + QuickstartCommand.EXAMPLE,
            "--redis-url",
            REDIS.uri(),
            "--http-port",
            "0",
            "--grpc-port",
            "0",
            "--entities",
            "200",
            "--orders",
            "2000",
            "--exit");

    String text = out.toString();
    assertThat(exit).as(text).isZero();
    assertThat(text).contains("Applied:      project food_delivery at revision 1");
    assertThat(text)
        .as("--http-port 0 picks a free port instead of application.yaml's 8080")
        .doesNotContain("http://127.0.0.1:8080");
    assertThat(text)
        .containsPattern("read 2\\d{3} events: 2\\d{3} good, [0-9]+ bad")
        .contains("Pushed 200 generated rows to food_delivery:customer_embedding@v1")
        .doesNotContain("Pushed 200 generated rows to food_delivery:customer_stats@v1");
    // The training set: a header and, for each of three entities, a row a day ago and one now;
    // the rows at now hold the values the entities have in Redis, so none is empty.
    List<String> lines = text.lines().toList();
    int from =
        lines.indexOf(
                lines.stream()
                    .filter(l -> l.startsWith("Training set ("))
                    .findFirst()
                    .orElseThrow())
            + 1;
    List<String> header = List.of(lines.get(from).split(","));
    assertThat(header).startsWith("customer_id", "event_timestamp").hasSizeGreaterThan(2);
    List<String> rows = lines.subList(from + 1, from + 7);
    assertThat(rows).allSatisfy(r -> assertThat(r).startsWith("C00000"));
    assertThat(rows.subList(3, 6))
        .allSatisfy(
            r -> assertThat(List.of(r.split(",", -1))).hasSize(header.size()).doesNotContain(""));
    String json =
        text.substring(
            text.indexOf("Answer (HTTP 200):") + "Answer (HTTP 200):".length(),
            text.indexOf("\nServed"));
    JsonNode answer = new ObjectMapper().readTree(json);
    JsonNode results = answer.get("results");
    assertThat(results.size())
        .isEqualTo(answer.get("metadata").get("feature_names").size())
        .isGreaterThan(1);
    for (JsonNode result : results) {
      assertThat(result.get("statuses"))
          .hasSize(3)
          .allSatisfy(s -> assertThat(s.asText()).isEqualTo("PRESENT"));
      assertThat(result.get("values")).allSatisfy(v -> assertThat(v.isNull()).isFalse());
    }
  }

  @Test
  void serveWithAnUnreachableRegistrySaysWhich() {
    StringWriter err = new StringWriter();
    CommandLine cli = LarderCli.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("larder: " + LarderCli.oneLine(e));
          return 1;
        });
    int exit =
        cli.execute(
            "serve",
            "--redis-url",
            REDIS.uri(),
            "--registry-url",
            "jdbc:postgresql://127.0.0.1:1/none",
            "--http-port",
            "0",
            "--grpc-port",
            "0");
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("larder: registry jdbc:postgresql://127.0.0.1:1/none: cannot open it");
  }
}
