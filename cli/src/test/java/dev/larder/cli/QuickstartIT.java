package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.larder.testing.RedisServerExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** Quickstart end to end against a real redis-server: the sample request answers PRESENT values. */
class QuickstartIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  @Test
  void theSampleRequestReturnsPresentValues() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new LarderCli());
    cli.setOut(new PrintWriter(out, true));
    int exit =
        cli.execute(
            "quickstart",
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
            "--exit");

    String text = out.toString();
    assertThat(exit).as(text).isZero();
    assertThat(text).contains("Pushed 200 generated rows to food_delivery:customer_stats@v1");
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
  void serveWithoutDefinitionsSaysWhatIsMissing() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new LarderCli());
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("larder: " + LarderCli.oneLine(e));
          return 1;
        });
    int exit = cli.execute("serve", "--redis-url", REDIS.uri());
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).startsWith("larder: no definitions: pass --definitions DIR");
  }
}
