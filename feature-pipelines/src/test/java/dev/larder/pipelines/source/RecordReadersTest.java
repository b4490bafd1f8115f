package dev.larder.pipelines.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.pipelines.transform.BadRecord;
import dev.larder.pipelines.transform.Event;
import dev.larder.pipelines.transform.EventParser;
import dev.larder.pipelines.transform.EventSets;
import dev.larder.pipelines.transform.Parsed;
import dev.larder.pipelines.transform.ViewProgram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each format's reader gives the same typed events, and bad records with their line. */
class RecordReadersTest {

  private static final long T1 = 1_000_000L;

  private final EventParser parser =
      new EventParser(ViewProgram.compile(EventSets.view(List.of()), EventSets.source(true)));

  @TempDir Path dir;

  @Test
  void parquetColumnsBecomeTypedEventsWithMissingValuesAsNull() throws IOException {
    MessageType schema =
        MessageTypeParser.parseMessageType(
            "message orders { required binary order_id (STRING); required binary customer_id (STRING);"
                + " optional double amount; optional int64 items; optional binary tag (STRING);"
                + " required int64 event_time (TIMESTAMP(MICROS,true)); }");
    Path file = dir.resolve("orders.parquet");
    Configuration conf = new Configuration();
    try (ParquetWriter<Group> w =
        ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
            .withType(schema)
            .withConf(conf)
            .build()) {
      SimpleGroupFactory groups = new SimpleGroupFactory(schema);
      w.write(
          groups
              .newGroup()
              .append("order_id", "o1")
              .append("customer_id", "c1")
              .append("amount", 2.5)
              .append("items", 3L)
              .append("event_time", T1));
    }

    List<Parsed> out = read(RecordFormat.PARQUET, file);

    assertThat(out).hasSize(1);
    assertThat(((Event) out.get(0)).columns()).containsExactly("o1", "c1", 2.5, 3L, null, T1);
  }

  @Test
  void csvAndJsonLinesGiveTheSameEventAndNumberBadLinesFromOne() throws IOException {
    Path csv = dir.resolve("orders.csv");
    Files.write(
        csv,
        List.of(
            "event_time,order_id,customer_id,amount,items,tag",
            "1970-01-01T00:00:01Z,o1,c1,2.5,3,",
            "oops"));
    Path jsonl = dir.resolve("orders.jsonl");
    Files.write(
        jsonl,
        List.of(
            "{\"order_id\":\"o1\",\"customer_id\":\"c1\",\"amount\":2.5,\"items\":3,\"event_time\":1000}",
            "oops"));

    List<Parsed> fromCsv = read(RecordFormat.CSV, csv);
    List<Parsed> fromJson = read(RecordFormat.JSONL, jsonl);

    assertThat(((Event) fromCsv.get(0)).columns()).containsExactly("o1", "c1", 2.5, 3L, null, T1);
    assertThat(((Event) fromJson.get(0)).columns()).isEqualTo(((Event) fromCsv.get(0)).columns());
    assertThat(((BadRecord) fromCsv.get(1)).line()).isEqualTo(3);
    assertThat(((BadRecord) fromJson.get(1)).line()).isEqualTo(2);
  }

  private List<Parsed> read(RecordFormat format, Path file) throws IOException {
    List<Parsed> out = new ArrayList<>();
    RecordReader.of(format).read(file, parser, out::add);
    return out;
  }
}
